package io.engram.memory.event;

import io.engram.memory.item.ItemRepository;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for namespaces and events. The namespace row is the per-namespace write lock. */
@Repository
public class EventRepository {

  private final JdbcClient jdbc;

  public EventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the namespace if needed and locks its row until the transaction ends; returns its event count. One
   * statement: the no-op update on conflict takes the row lock that {@code select ... for update} would.
   */
  public long lockNamespace(String tenant, String namespace) {
    return jdbc.sql("insert into memory.namespaces (tenant_id, name) values (?, ?) on conflict (tenant_id, name)"
            + " do update set event_count = memory.namespaces.event_count returning event_count")
        .params(tenant, namespace).query(Long.class).single();
  }

  public boolean namespaceExists(String tenant, String namespace) {
    return jdbc.sql("select count(*) from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).single() > 0;
  }

  public boolean exists(String tenant, String namespace, String clientId) {
    return jdbc.sql("select count(*) from memory.events where tenant_id = ? and namespace = ? and client_id = ?")
        .params(tenant, namespace, clientId).query(Long.class).single() > 0;
  }

  /**
   * Stores the event with the next sequence number and counts it in the namespace, unless its client id is
   * already there; returns its row id, or empty for a duplicate. One statement (one round trip) for what the
   * write path does on every event; call it while holding the namespace lock.
   */
  public Optional<Long> insertIfNew(String tenant, String namespace, long seq, IncomingEvent e, String text, int tokens,
      Long simhash) {
    return jdbc.sql("""
            with e as (
              insert into memory.events (tenant_id, namespace, client_id, seq, kind, text, payload, event_time, sources, tokens, simhash)
              values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::text[], ?, ?)
              on conflict (tenant_id, namespace, client_id) do nothing returning id),
            n as (
              update memory.namespaces set event_count = ?, ingested_tokens = ingested_tokens + ?
              where tenant_id = ? and name = ? and exists (select 1 from e))
            select id from e""")
        .params(tenant, namespace, e.clientId(), seq, e.kind(), text, e.payloadJson(), Timestamp.from(e.eventTime()),
            ItemRepository.pgArray(e.sources()), tokens, simhash, seq, tokens, tenant, namespace)
        .query(Long.class).optional();
  }

  /** Counts one answer written back into the namespace, and whether it used memory earlier answers wrote back. */
  public void countAnswer(String tenant, String namespace, boolean usedWrittenBack) {
    jdbc.sql("""
            update memory.namespaces set answers_written_back = answers_written_back + 1,
              answers_using_memory = answers_using_memory + case when ? then 1 else 0 end
            where tenant_id = ? and name = ?""")
        .params(usedWrittenBack, tenant, namespace).update();
  }

  /** SimHashes of the namespace's most recent events, newest first, for near-duplicate suppression. */
  public java.util.List<Long> recentSimhashes(String tenant, String namespace, int limit) {
    return jdbc.sql("select simhash from memory.events where tenant_id = ? and namespace = ? and simhash is not null"
            + " order by seq desc limit ?")
        .params(tenant, namespace, limit).query(Long.class).list();
  }

  /** Texts of the namespace's latest interaction events, newest first (whom a chat turn answers). */
  public java.util.List<String> recentInteractionTexts(String tenant, String namespace, int limit) {
    return jdbc.sql("select text from memory.events where tenant_id = ? and namespace = ? and kind = 'interaction'"
            + " order by seq desc limit ?")
        .params(tenant, namespace, limit).query(String.class).list();
  }

  public Optional<Long> eventCount(String tenant, String namespace) {
    return jdbc.sql("select event_count from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).optional();
  }
}
