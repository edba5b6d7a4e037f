package io.engram.memory.item;

import com.pgvector.PGvector;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for items, their provenance, history and abstraction members: the one owner of these tables (the write
 * path, consolidation, the token budget, the stats and recall all ask it; its columns and row mapping stay private). Every query filters by tenant (the application's wall) and
 * runs inside {@code TenantTransactions} (row-level security, the database's wall). Orders always end in
 * deterministic keys (creation sequence, statement), never in random ids, so that offline runs replay
 * identically.
 */
@Repository
public class ItemRepository {

  private static final String COLUMNS = "id, namespace, kind, statement, subject_key, subject_text, attribute_key, attribute_text, value_key, value_text,"
      + " content_key, terms, valid_from, valid_to, recorded_at, superseded_by, support, use_count, last_seq, archived,"
      + " demoted, tokens";

  private static final RowMapper<MemoryItem> ITEM = (rs, n) -> new MemoryItem(rs.getObject("id", UUID.class),
      rs.getString("namespace"), rs.getString("kind"), rs.getString("statement"), rs.getString("subject_key"),
      rs.getString("subject_text"), rs.getString("attribute_key"), rs.getString("attribute_text"), rs.getString("value_key"), rs.getString("value_text"), rs.getString("content_key"),
      strings(rs.getArray("terms")), instant(rs, "valid_from"), instant(rs, "valid_to"), instant(rs, "recorded_at"),
      rs.getObject("superseded_by", UUID.class), rs.getInt("support"), rs.getInt("use_count"), rs.getLong("last_seq"),
      rs.getBoolean("archived"), rs.getBoolean("demoted"), rs.getInt("tokens"));

  private final JdbcClient jdbc;

  public ItemRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new item to insert. */
  public record NewItem(UUID id, String namespace, String kind, String statement, String subjectKey,
      String subjectText, String attributeKey, String attributeText, String valueKey, String valueText, List<Double> numbers, List<String> dates,
      String contentKey, float[] embedding, String model, List<String> terms, Instant validFrom, Instant validTo,
      UUID supersededBy, long seq, int tokens, List<String> nameWords, float[] frameEmbedding) {
  }

  /** An item with its cosine similarity to a probe vector. */
  public record Scored(MemoryItem item, double cosine) {
  }

  private static final String INSERT = """
      insert into memory.items (id, tenant_id, namespace, kind, statement, subject_key, subject_text, attribute_key,
        attribute_text, value_key, value_text, numbers, dates, content_key, embedding, model, terms, valid_from, valid_to, superseded_by,
        last_seq, created_seq, tokens, name_words, frame_embedding, closed_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::float8[], ?::date[], ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?::text[], ?,
        case when ?::timestamptz is null then null else now() end)""";

  public void insert(String tenant, NewItem n) {
    jdbc.sql(INSERT).params(insertParams(tenant, n)).update();
  }

  private static List<Object> insertParams(String tenant, NewItem n) {
    return Arrays.asList(n.id(), tenant, n.namespace(), n.kind(), n.statement(), n.subjectKey(), n.subjectText(),
        n.attributeKey(), n.attributeText(), n.valueKey(), n.valueText(),
        pgArray(n.numbers().stream().map(String::valueOf).toList()), pgArray(datesOnly(n.dates())), n.contentKey(),
        n.embedding() == null ? null : new PGvector(n.embedding()), n.model(), pgArray(n.terms()), ts(n.validFrom()),
        ts(n.validTo()), n.supersededBy(), n.seq(), n.seq(), n.tokens(), pgArray(n.nameWords()),
        n.frameEmbedding() == null ? null : new PGvector(n.frameEmbedding()), ts(n.validTo()));
  }

  /** A history entry written together with an insert: item, action, other item, event time, note. */
  public record NewHistory(UUID itemId, String action, UUID otherId, Instant at, String note) {
  }

  /**
   * Inserts an item stated by an event together with its provenance, its history entries and, when it supersedes
   * {@code closeId}, the closing of that item at {@code closeAt}: one statement, one round trip.
   */
  public void insertStated(String tenant, NewItem n, long eventId, String clientId, List<String> sourceRefs,
      UUID closeId, Instant closeAt, List<NewHistory> history) {
    List<Object> params = new ArrayList<>(insertParams(tenant, n));
    StringBuilder sql = new StringBuilder("with i as (").append(INSERT).append("),\n")
        .append("p as (insert into memory.provenance (tenant_id, item_id, event_id, client_id, source_refs)")
        .append(" values (?, ?, ?, ?, ?::text[]) on conflict do nothing)");
    params.addAll(List.of(tenant, n.id(), eventId, clientId, pgArray(sourceRefs)));
    if (closeId != null) {
      sql.append(",\nc as (update memory.items set valid_to = ?, superseded_by = ?, closed_at = now() where id = ?)");
      params.add(ts(closeAt));
      params.add(n.id());
      params.add(closeId);
    }
    if (history.isEmpty()) {
      sql.append("\nselect 1");
      jdbc.sql(sql.toString()).params(params).query().singleValue();
      return;
    }
    sql.append("\ninsert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note) values ");
    for (int k = 0; k < history.size(); k++) {
      NewHistory h = history.get(k);
      sql.append(k == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
      params.addAll(Arrays.asList(tenant, h.itemId(), h.action(), h.otherId(), eventId, ts(h.at()), h.note()));
    }
    jdbc.sql(sql.toString()).params(params).update();
  }

  /** Live (not closed) items of one slot, archived ones included: a new value supersedes them too. */
  public List<MemoryItem> openInSlot(String tenant, String namespace, String subjectKey, String attributeKey) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and subject_key = ?"
            + " and attribute_key = ? and valid_to is null and kind = 'fact' order by created_seq, statement")
        .params(tenant, namespace, subjectKey, attributeKey).query(ITEM).list();
  }

  /** The closed item of a slot that was valid at {@code at}, for statements that arrive late. */
  public Optional<MemoryItem> validInSlotAt(String tenant, String namespace, String subjectKey, String attributeKey,
      Instant at) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and subject_key = ?"
            + " and attribute_key = ? and kind = 'fact' and valid_from <= ? and (valid_to is null or valid_to > ?)"
            + " order by valid_from desc, created_seq desc limit 1")
        .params(tenant, namespace, subjectKey, attributeKey, ts(at), ts(at)).query(ITEM).optional();
  }

  /** The earliest item of a slot that starts after {@code at}: what a late-arriving value was superseded by. */
  public Optional<MemoryItem> nextInSlotAfter(String tenant, String namespace, String subjectKey, String attributeKey,
      Instant at) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and subject_key = ?"
            + " and attribute_key = ? and kind = 'fact' and valid_from > ? order by valid_from, created_seq limit 1")
        .params(tenant, namespace, subjectKey, attributeKey, ts(at)).query(ITEM).optional();
  }

  /** The item with this content key: an open one first, else the latest closed one (a late restatement). */
  public Optional<MemoryItem> withContent(String tenant, String namespace, String kind, String contentKey) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and content_key = ?"
            + " and kind = ? and not demoted order by valid_to is null desc, valid_from desc, created_seq, statement limit 1")
        .params(tenant, namespace, contentKey, kind).query(ITEM).optional();
  }

  /** An item near a statement: its cosine to the statement's vector and to its frame's vector. */
  public record Near(MemoryItem item, double cosine, double frameCosine) {
  }

  /**
   * The facts of one model nearest to a statement by vector, plus the latest ones that share one of its name words,
   * open and closed (not folded), with both cosines, most similar first. Exact scan within the namespace.
   */
  public List<Near> near(String tenant, String namespace, String model, float[] vector, float[] frame, List<String> nameWords,
      int limit) {
    PGvector v = new PGvector(vector);
    PGvector f = new PGvector(frame);
    return jdbc.sql("""
            with c as (
              (select id from memory.items where tenant_id = ? and namespace = ? and kind = 'fact' and model = ?
                 and embedding is not null and not demoted order by embedding <=> ?, created_seq limit ?)
              union
              (select id from memory.items where tenant_id = ? and namespace = ? and kind = 'fact' and model = ?
                 and name_words && ?::text[] and not demoted order by created_seq desc limit ?))
            select %s, 1 - (embedding <=> ?) as cosine, coalesce(1 - (frame_embedding <=> ?), 0) as frame_cosine
            from memory.items where id in (select id from c) order by cosine desc, created_seq, statement""".formatted(COLUMNS))
        .params(tenant, namespace, model, v, limit, tenant, namespace, model, pgArray(nameWords), limit, v, f)
        .query((rs, n) -> new Near(ITEM.mapRow(rs, n), rs.getDouble("cosine"), rs.getDouble("frame_cosine"))).list();
  }

  public Optional<MemoryItem> openWithContent(String tenant, String namespace, String kind, String contentKey) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and content_key = ?"
            + " and kind = ? and valid_to is null order by created_seq, statement limit 1")
        .params(tenant, namespace, contentKey, kind).query(ITEM).optional();
  }

  /** Open items nearest to {@code vector} by cosine, exact scan (namespaces are thousands of items, not millions). */
  public List<Scored> nearest(String tenant, String namespace, String kind, float[] vector, int limit) {
    PGvector v = new PGvector(vector);
    return jdbc.sql("select " + COLUMNS + ", 1 - (embedding <=> ?) as cosine from memory.items where tenant_id = ?"
            + " and namespace = ? and kind = ? and valid_to is null and embedding is not null"
            + " order by embedding <=> ?, created_seq, statement limit ?")
        .params(v, tenant, namespace, kind, v, limit)
        .query((rs, n) -> new Scored(ITEM.mapRow(rs, n), rs.getDouble("cosine"))).list();
  }

  /**
   * A restatement of item {@code id} by an event: support + 1, its provenance and a history entry ({@code MERGED} for
   * the same meaning in other words, {@code NOOP} for what the store held as said), in one statement (the write
   * path's most frequent one).
   */
  public void merge(String tenant, UUID id, String action, long seq, long eventId, String clientId, List<String> sourceRefs,
      Instant at, String note) {
    jdbc.sql("""
            with u as (update memory.items set support = support + 1, last_seq = greatest(last_seq, ?) where id = ?),
            p as (insert into memory.provenance (tenant_id, item_id, event_id, client_id, source_refs)
              values (?, ?, ?, ?, ?::text[])
              on conflict (item_id, event_id) do update set source_refs = array(select distinct unnest(memory.provenance.source_refs || excluded.source_refs)))
            insert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note)
            values (?, ?, ?, null, ?, ?, ?)""")
        .params(seq, id, tenant, id, eventId, clientId, pgArray(sourceRefs), tenant, id, action, eventId, ts(at), note).update();
  }

  public void close(UUID id, Instant validTo, UUID supersededBy) {
    jdbc.sql("update memory.items set valid_to = ?, superseded_by = ?, closed_at = now() where id = ?")
        .params(ts(validTo), supersededBy, id).update();
  }


  /**
   * Folds members under abstraction {@code abstractionId}: demoted (covered) and archived (out of the live store);
   * members not yet archived get an ARCHIVED history entry.
   */
  public void fold(String tenant, UUID abstractionId, List<UUID> memberIds, Instant at) {
    if (memberIds.isEmpty()) {
      return;
    }
    String ids = uuidArray(memberIds);
    jdbc.sql("""
            with newly as (select id, created_seq, statement from memory.items where id = any(?::uuid[]) and not archived),
            u as (update memory.items set demoted = true, archived = true where id = any(?::uuid[]))
            insert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note)
            select ?, id, 'ARCHIVED', ?, null, ?, 'folded into an abstraction' from newly order by created_seq, statement""")
        .params(ids, ids, tenant, abstractionId, ts(at)).update();
  }

  /**
   * Closes the live abstraction holding {@code memberId} (at {@code at}, or its start if later) with an INVALIDATED
   * history entry, and unfolds its members (RESTORED). One statement: it runs on every supersession of a member.
   */
  public void invalidateAbstractionOf(String tenant, UUID memberId, Instant at, long eventId) {
    jdbc.sql("""
            with a as (
              select a.id, a.valid_from from memory.abstraction_members m join memory.items a on a.id = m.abstraction_id
              where m.tenant_id = ? and m.member_id = ? and a.valid_to is null order by a.created_seq limit 1),
            c as (update memory.items i set valid_to = greatest(a.valid_from, ?), closed_at = now() from a where i.id = a.id),
            h as (insert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note)
              select ?, a.id, 'INVALIDATED', ?, ?, ?, 'a member was superseded' from a),
            back as (
              select i.id, i.created_seq, i.statement, i.archived from a join memory.abstraction_members m on m.abstraction_id = a.id
              join memory.items i on i.id = m.member_id where i.demoted),
            u as (update memory.items i set demoted = false, archived = false from back where i.id = back.id)
            insert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note)
            select ?, back.id, 'RESTORED', a.id, ?, ?, 'its abstraction was invalidated' from back, a where back.archived
            order by back.created_seq, back.statement""")
        .params(tenant, memberId, ts(at), tenant, memberId, eventId, ts(at), tenant, eventId, ts(at)).update();
  }

  public void setArchived(List<UUID> ids, boolean archived) {
    if (!ids.isEmpty()) {
      jdbc.sql("update memory.items set archived = ? where id = any(?::uuid[])").params(archived, uuidArray(ids)).update();
    }
  }

  /**
   * Counts a recall of these items toward their heat; returns how many were counted. The rows are locked in id order
   * (one order for every recall, so two never wait on each other in a cycle) and a row another transaction holds is
   * skipped, not waited for: concurrent recalls of overlapping items used to deadlock here.
   */
  public int markUsed(List<UUID> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.sql("""
            update memory.items set use_count = use_count + 1 where id in (
              select id from memory.items where id = any(?::uuid[]) order by id for update skip locked)""")
        .param(uuidArray(ids)).update();
  }

  public void addProvenance(String tenant, UUID itemId, long eventId, String clientId, List<String> sourceRefs) {
    jdbc.sql("insert into memory.provenance (tenant_id, item_id, event_id, client_id, source_refs) values (?, ?, ?, ?, ?::text[])"
            + " on conflict (item_id, event_id) do update set source_refs = array(select distinct unnest(memory.provenance.source_refs || excluded.source_refs))")
        .params(tenant, itemId, eventId, clientId, pgArray(sourceRefs)).update();
  }

  /** Whether any of these items was stated by an answer's write-back (an interaction event). */
  public boolean anyWrittenBack(String tenant, List<UUID> ids) {
    return jdbc.sql("""
            select exists (select 1 from memory.provenance p join memory.events e on e.id = p.event_id
                           where p.tenant_id = ? and p.item_id = any(?::uuid[]) and e.kind = 'interaction')""")
        .params(tenant, uuidArray(ids)).query(Boolean.class).single();
  }

  public void copyProvenance(String tenant, UUID from, UUID to) {
    jdbc.sql("insert into memory.provenance (tenant_id, item_id, event_id, client_id, source_refs)"
            + " select tenant_id, ?, event_id, client_id, source_refs from memory.provenance where item_id = ? on conflict do nothing")
        .params(to, from).update();
  }

  public void addHistory(String tenant, UUID itemId, String action, UUID otherId, Long eventId, Instant at, String note) {
    jdbc.sql("insert into memory.item_history (tenant_id, item_id, action, other_id, event_id, at, note) values (?, ?, ?, ?, ?, ?, ?)")
        .params(tenant, itemId, action, otherId, eventId, ts(at), note).update();
  }

  public Optional<MemoryItem> find(String tenant, String namespace, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ? and id = ?")
        .params(tenant, namespace, id).query(ITEM).optional();
  }

  /**
   * One page of a namespace's items in the order they were created: live ones, or every one with {@code all}
   * (superseded, closed, archived, folded), skipping the first {@code offset}.
   */
  public List<MemoryItem> page(String tenant, String namespace, boolean all, long offset, int limit) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ?"
            + (all ? "" : " and valid_to is null and not archived") + " order by created_seq, statement, id offset ? limit ?")
        .params(tenant, namespace, offset, limit).query(ITEM).list();
  }

  public List<MemoryItem> findAll(String tenant, List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and id = any(?::uuid[])")
        .params(tenant, uuidArray(ids)).query(ITEM).list();
  }

  /** Provenance of each item, in event order. */
  public Map<UUID, List<Provenance>> provenance(String tenant, List<UUID> itemIds) {
    Map<UUID, List<Provenance>> out = new LinkedHashMap<>();
    if (itemIds.isEmpty()) {
      return out;
    }
    jdbc.sql("select p.item_id, p.client_id, p.source_refs from memory.provenance p join memory.events e on e.id = p.event_id"
            + " where p.tenant_id = ? and p.item_id = any(?::uuid[]) order by e.seq")
        .params(tenant, uuidArray(itemIds))
        .query((ResultSet rs) -> {
          out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
              .add(new Provenance(rs.getString(2), strings(rs.getArray(3))));
        });
    // an abstraction's provenance is its members': kept once, in the members, not copied
    jdbc.sql("select m.abstraction_id, p.client_id, p.source_refs from memory.abstraction_members m"
            + " join memory.provenance p on p.item_id = m.member_id join memory.events e on e.id = p.event_id"
            + " where m.tenant_id = ? and m.abstraction_id = any(?::uuid[]) order by e.seq")
        .params(tenant, uuidArray(itemIds))
        .query((ResultSet rs) -> {
          List<Provenance> list = out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>());
          String clientId = rs.getString(2);
          if (list.stream().noneMatch(p -> p.eventId().equals(clientId))) {
            list.add(new Provenance(clientId, strings(rs.getArray(3))));
          }
        });
    return out;
  }

  public List<HistoryEntry> history(String tenant, UUID itemId) {
    return jdbc.sql("select h.action, h.other_id, e.client_id, h.at, h.recorded_at, h.note from memory.item_history h"
            + " left join memory.events e on e.id = h.event_id where h.tenant_id = ? and h.item_id = ? order by h.id")
        .params(tenant, itemId)
        .query((rs, n) -> new HistoryEntry(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
            instant(rs, "at"), instant(rs, "recorded_at"), rs.getString(6)))
        .list();
  }

  public List<UUID> members(String tenant, UUID abstractionId) {
    return jdbc.sql("select m.member_id from memory.abstraction_members m join memory.items i on i.id = m.member_id"
            + " where m.tenant_id = ? and m.abstraction_id = ? order by i.created_seq, i.statement")
        .params(tenant, abstractionId).query(UUID.class).list();
  }

  public void addMembers(String tenant, UUID abstractionId, List<UUID> memberIds) {
    if (!memberIds.isEmpty()) {
      jdbc.sql("insert into memory.abstraction_members (tenant_id, abstraction_id, member_id)"
              + " select ?, ?, m from unnest(?::uuid[]) m on conflict do nothing")
          .params(tenant, abstractionId, uuidArray(memberIds)).update();
    }
  }

  // ---- consolidation

  /** Subjects with at least {@code minMembers} live facts (members folded into an abstraction count), in key order. */
  public List<String> subjectsWithFacts(String tenant, String namespace, int minMembers) {
    return jdbc.sql("""
            select subject_key from memory.items where tenant_id = ? and namespace = ? and kind = 'fact'
              and valid_to is null and (not archived or demoted) and subject_key is not null
            group by subject_key having count(*) >= ? order by subject_key""")
        .params(tenant, namespace, minMembers).query(String.class).list();
  }

  /** The live facts about one subject (members folded into an abstraction included), by attribute, then creation. */
  public List<MemoryItem> liveFactsAbout(String tenant, String namespace, String subjectKey) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ?"
            + " and kind = 'fact' and valid_to is null and (not archived or demoted) and subject_key = ? order by attribute_key, created_seq, statement")
        .params(tenant, namespace, subjectKey).query(ITEM).list();
  }

  /** The earliest live abstraction of one subject. */
  public Optional<MemoryItem> liveAbstractionOf(String tenant, String namespace, String subjectKey) {
    return jdbc.sql("select " + COLUMNS + " from memory.items where tenant_id = ? and namespace = ?"
            + " and kind = 'abstraction' and valid_to is null and subject_key = ? order by created_seq limit 1")
        .params(tenant, namespace, subjectKey).query(ITEM).optional();
  }

  public void setSupport(UUID id, int support) {
    jdbc.sql("update memory.items set support = ? where id = ?").params(support, id).update();
  }

  // ---- stats

  /** How many items of a namespace are in each state, and the live ones' tokens (see {@link StoreStats}). */
  public record Counts(long live, long archived, long superseded, long abstractions, long demoted, long tokens) {
  }

  /** Live items and their tokens of one namespace, or (tenant and namespace null) of all the namespaces not listed. */
  public record LiveSize(@org.jspecify.annotations.Nullable String tenant, @org.jspecify.annotations.Nullable String namespace,
      long live, long tokens) {
  }

  /**
   * Call as system (every tenant's rows): the {@code limit} namespaces with the most live items, largest first, then one
   * row that sums up all the others (when there are others).
   */
  public List<LiveSize> largestLive(int limit) {
    return jdbc.sql("""
            with sizes as (
              select tenant_id, namespace, count(*) as live, coalesce(sum(tokens), 0) as tokens
              from memory.items where valid_to is null and not archived
              group by tenant_id, namespace),
            ranked as (
              select tenant_id, namespace, live, tokens,
                     row_number() over (order by live desc, tenant_id, namespace) as rank
              from sizes)
            select case when rank <= ? then tenant_id end, case when rank <= ? then namespace end,
                   sum(live), sum(tokens), min(rank)
            from ranked group by 1, 2 order by 5""")
        .params(limit, limit)
        .query((rs, n) -> new LiveSize(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
        .list();
  }

  public Counts counts(String tenant, String namespace) {
    return jdbc.sql("""
            select count(*) filter (where valid_to is null and not archived),
                   count(*) filter (where archived),
                   count(*) filter (where valid_to is not null),
                   count(*) filter (where kind = 'abstraction' and valid_to is null and not archived),
                   count(*) filter (where demoted and valid_to is null),
                   coalesce(sum(tokens) filter (where valid_to is null and not archived), 0)
            from memory.items where tenant_id = ? and namespace = ?""")
        .params(tenant, namespace)
        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
        .single();
  }

  /**
   * Hands every item of a namespace to {@code row} as one line of its content (with its provenance's client ids
   * and its members' statements), without ids, clock times or recall use counts, in a deterministic order: what
   * the store's digest is computed over.
   */
  public void contentRows(String tenant, String namespace, java.util.function.Consumer<String> row) {
    jdbc.sql("""
            select i.kind, i.statement, i.subject_key, i.attribute_key, i.value_key, i.valid_from, i.valid_to, i.support,
                   i.archived, i.demoted, i.created_seq,
                   (select string_agg(p.client_id, ',' order by p.client_id) from memory.provenance p where p.item_id = i.id),
                   (select string_agg(m.statement, '|' order by m.created_seq, m.statement) from memory.abstraction_members am
                      join memory.items m on m.id = am.member_id where am.abstraction_id = i.id)
            from memory.items i where i.tenant_id = ? and i.namespace = ?
            order by i.created_seq, i.kind, i.statement, i.valid_from""")
        .params(tenant, namespace)
        .query((ResultSet rs) -> {
          StringBuilder line = new StringBuilder();
          for (int col = 1; col <= 13; col++) {
            Object v = rs.getObject(col);
            line.append(v instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(v)).append('\u001f');
          }
          row.accept(line.append('\n').toString());
        });
  }

  // ---- token budget

  /** Tokens of the live (open, not archived) items of a namespace. */
  public long liveTokens(String tenant, String namespace) {
    return jdbc.sql("select coalesce(sum(tokens), 0) from memory.items where tenant_id = ? and namespace = ?"
            + " and valid_to is null and not archived")
        .params(tenant, namespace).query(Long.class).single();
  }

  /** An item's id and its tokens. */
  public record Tokens(UUID id, int tokens) {
  }

  /**
   * The live items that are not abstractions, coldest first (at most {@code limit}): demoted ones first, then by
   * heat = ln(1 + support) + ln(1 + use_count) + 2 * exp(-(seq - last_seq) / recencyEvents), then creation order.
   */
  public List<Tokens> coldestLive(String tenant, String namespace, long seq, double recencyEvents, int limit) {
    return jdbc.sql("""
            select id, tokens from memory.items where tenant_id = ? and namespace = ? and valid_to is null and not archived
              and kind <> 'abstraction'
            order by demoted desc,
              ln(1 + support) + ln(1 + use_count) + 2 * exp(-(? - last_seq) / ?::float8), created_seq, statement
            limit ?""")
        .params(tenant, namespace, seq, recencyEvents, limit)
        .query((rs, n) -> new Tokens(rs.getObject(1, UUID.class), rs.getInt(2))).list();
  }

  // ---- recall

  /**
   * Which items a recall sees (a SQL condition kept inside this repository). Default (no {@code asOf}, no
   * {@code knownAt}): live items that no abstraction covers; with {@code asOf}: whatever was valid then; with
   * {@code knownAt}: what the store believed at that system time.
   */
  public static final class Eligible {

    private final String where;
    private final List<Object> params;

    private Eligible(String where, List<Object> params) {
      this.where = where;
      this.params = List.copyOf(params);
    }
  }

  public static Eligible eligible(String tenant, String namespace, @Nullable Instant asOf, @Nullable Instant knownAt,
      boolean includeArchived) {
    List<Object> p = new ArrayList<>(List.of(tenant, namespace));
    if (knownAt != null) {
      // what the store believed at system time knownAt: items recorded by then, closed only if closed by then; folding
      // and archiving are storage decisions, not beliefs, so they do not hide anything here
      String closedThen = "valid_to is not null and closed_at is not null and closed_at <= ?";
      String validity = asOf == null ? "not (" + closedThen + ")"
          : "valid_from <= ? and (valid_to is null or valid_to > ? or not (" + closedThen + "))";
      Timestamp known = Timestamp.from(knownAt);
      p.add(known);
      if (asOf != null) {
        p.add(Timestamp.from(asOf));
        p.add(Timestamp.from(asOf));
      }
      p.add(known);
      return new Eligible("tenant_id = ? and namespace = ? and kind <> 'abstraction' and recorded_at <= ? and " + validity, p);
    }
    String validity = asOf == null ? "valid_to is null and not demoted"
        : "valid_from <= ? and (valid_to is null or valid_to > ?)";
    // with asOf, members folded under an abstraction count as stored (the abstraction may not have existed then)
    String archived = includeArchived ? "" : asOf == null ? " and not archived" : " and (not archived or demoted)";
    if (asOf != null) {
      p.add(Timestamp.from(asOf));
      p.add(Timestamp.from(asOf));
    }
    return new Eligible("tenant_id = ? and namespace = ? and " + validity + archived, p);
  }

  /**
   * A recall candidate: the item, its creation sequence, its cosine to the query vector (0 for another model's
   * vector) and its vector as pgvector text.
   */
  public record RecallRow(MemoryItem item, long createdSeq, double cosine, @Nullable String vectorText) {
  }

  /** The eligible items of {@code model} nearest to {@code vector} (exact cosine), nearest first. */
  public List<RecallRow> nearestEligible(Eligible eligible, String model, float[] vector, int limit) {
    PGvector v = new PGvector(vector);
    List<Object> params = new ArrayList<>();
    params.add(v);
    params.addAll(eligible.params);
    params.add(model);
    params.add(v);
    params.add(limit);
    return jdbc.sql("select " + COLUMNS + ", created_seq, embedding::text as vec, 1 - (embedding <=> ?) as cosine from memory.items where "
            + eligible.where + " and model = ? and embedding is not null order by embedding <=> ?, created_seq, statement limit ?")
        .params(params).query(RECALL_ROW).list();
  }

  /** The eligible items holding most of {@code terms}, most shared terms first, then the newest. */
  public List<RecallRow> sharingTerms(Eligible eligible, String model, float[] vector, List<String> terms, int limit) {
    String termArray = pgArray(terms);
    List<Object> params = new ArrayList<>();
    params.add(model);
    params.add(new PGvector(vector));
    params.add(termArray);
    params.addAll(eligible.params);
    params.add(termArray);
    params.add(limit);
    return jdbc.sql("select " + COLUMNS + ", created_seq, embedding::text as vec,"
            + " case when model = ? then 1 - (embedding <=> ?) else 0 end as cosine,"
            + " (select count(*) from unnest(terms) t where t = any(?::text[])) as overlap from memory.items where "
            + eligible.where + " and terms && ?::text[] order by overlap desc, created_seq desc, statement limit ?")
        .params(params).query(RECALL_ROW).list();
  }

  private static final RowMapper<RecallRow> RECALL_ROW = (rs, n) -> new RecallRow(ITEM.mapRow(rs, n),
      rs.getLong("created_seq"), rs.getDouble("cosine"), rs.getString("vec"));

  /** How many items are eligible. */
  public long countEligible(Eligible eligible) {
    return jdbc.sql("select count(*) from memory.items where " + eligible.where).params(eligible.params).query(Long.class).single();
  }

  /** For each of {@code terms} that an eligible item holds, how many eligible items hold it. */
  public Map<String, Long> documentFrequencies(Eligible eligible, List<String> terms) {
    Map<String, Long> df = new HashMap<>();
    List<Object> params = new ArrayList<>(eligible.params);
    String termArray = pgArray(terms);
    params.add(termArray);
    params.add(termArray);
    jdbc.sql("select t, count(*) from memory.items, unnest(terms) t where " + eligible.where
            + " and terms && ?::text[] and t = any(?::text[]) group by t")
        .params(params).query((ResultSet rs) -> {
          df.put(rs.getString(1), rs.getLong(2));
        });
    return df;
  }

  /** For each of {@code words}, how many eligible items' statements hold it as written (anywhere, inside other words too). */
  public Map<String, Long> statementFrequencies(Eligible eligible, List<String> words) {
    Map<String, Long> df = new HashMap<>();
    if (words.isEmpty()) {
      return df;
    }
    List<Object> params = new ArrayList<>(words);
    params.addAll(eligible.params);
    String counts = String.join(", ", java.util.Collections.nCopies(words.size(), "count(*) filter (where strpos(statement, ?) > 0)"));
    jdbc.sql("select " + counts + " from memory.items where " + eligible.where).params(params).query((ResultSet rs) -> {
      for (int i = 0; i < words.size(); i++) {
        df.put(words.get(i), rs.getLong(i + 1));
      }
    });
    return df;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values).map(String::valueOf).toList();
  }

  /** A PostgreSQL array literal; passed as text and cast in SQL, which avoids driver-specific array handling. */
  public static String pgArray(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }

  private static String uuidArray(List<UUID> ids) {
    return pgArray(ids.stream().map(UUID::toString).toList());
  }

  private static List<String> datesOnly(List<String> dates) {
    // "2024-03" (a month) is not a SQL date; store its first day
    return dates.stream().map(d -> d.length() == 7 ? d + "-01" : d).toList();
  }
}
