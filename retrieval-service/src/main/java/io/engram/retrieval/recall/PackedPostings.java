package io.engram.retrieval.recall;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.collection.Collection;
import io.engram.support.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Owner of the packed copy of the BM25 postings (tables {@code packed_terms} and {@code packed_blocks}): the postings
 * of each term with at least {@code engram.retrieval.bm25.pack-from} postings, in blocks of {@value #BLOCK} (chunk,
 * tf, dl) triples in chunk order, delta- and varint-coded ({@link PostingBlocks}). A query then reads a common term's
 * postings as a few hundred rows of about a kilobyte instead of one index tuple per posting, and scores them in the
 * service ({@link PackedBm25}): in PostgreSQL a posting costs about a microsecond to read and sum, here a few
 * nanoseconds to decode.
 *
 * <p>The postings table stays the source of truth. Each packed term carries the {@code term_stats.changes} stamp it
 * was packed at; every write or delete of a term's postings gives its term_stats row a new stamp (from a sequence,
 * so that no stamp comes back), and a term's blocks are used only while the stamps agree. {@link #pack} brings the
 * stale terms of a collection up to date; ingestion jobs and bulk loads call it when they finish.
 */
@Component
public class PackedPostings {

  /** Postings per block: 256 triples of a few bytes each keep a block's row under PostgreSQL's TOAST threshold. */
  static final int BLOCK = 256;
  /** Postings read per statement while packing (memory: about 20 bytes each). */
  private static final long BATCH_POSTINGS = 2_000_000;
  /** Advisory lock class of packing: one packer per collection at a time. */
  private static final int LOCK_CLASS = 0x7061636b; // "pack"

  private static final Logger log = LoggerFactory.getLogger(PackedPostings.class);

  private final JdbcClient jdbc;
  private final JdbcTemplate streaming;
  private final TenantTransactions tenants;
  private final int packFrom;
  private final java.time.Duration packDelay;
  /** Collections a {@link #packSoon} waits to pack. */
  private final java.util.Set<Long> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public PackedPostings(JdbcClient jdbc, DataSource dataSource, TenantTransactions tenants, RetrievalProperties properties,
      @org.springframework.beans.factory.annotation.Value("${engram.retrieval.bm25.pack-delay:5s}") java.time.Duration packDelay) {
    this.jdbc = jdbc;
    this.packDelay = packDelay;
    this.streaming = new JdbcTemplate(dataSource);
    this.streaming.setFetchSize(20_000); // a cursor inside the transaction: postings are streamed, not all held
    this.tenants = tenants;
    this.packFrom = properties.bm25().packFrom();
  }

  /** The smallest document frequency a term is packed from (0: packing off). */
  public int packFrom() {
    return packFrom;
  }

  /**
   * Packs the collection after {@code engram.retrieval.bm25.pack-delay}, on a thread of its own: for deletes, which
   * make terms stale without packing them (a delete returns at once; a burst of them makes one packing). A failure is
   * logged: until the next packing the stale terms are read from the postings.
   */
  public void packSoon(Collection collection) {
    if (packFrom <= 0 || !waiting.add(collection.id())) {
      return;
    }
    Thread.ofVirtual().name("pack-collection-" + collection.id()).start(() -> {
      try {
        Thread.sleep(packDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      waiting.remove(collection.id()); // a delete from now on asks for another packing
      try {
        pack(collection);
      } catch (RuntimeException e) {
        log.warn("packing the postings of collection {} failed: {}", collection.id(), e.toString());
      }
    });
  }

  /** What one {@link #pack} did. */
  public record Packed(int terms, long postings, int blocks, int dropped, double seconds, boolean skipped) {

    @Override
    public String toString() {
      return skipped ? "packing skipped (another packer holds the collection)"
          : String.format(java.util.Locale.ROOT, "%d terms packed (%d postings, %d blocks), %d stale dropped, in %.1f s",
              terms, postings, blocks, dropped, seconds);
    }
  }

  /**
   * Packs the collection's terms whose packed copy is missing or stale, and drops the stale copies of terms that no
   * longer qualify, in one tenant transaction. Returns at once, doing nothing, when another transaction is packing the
   * same collection. Call outside any transaction.
   */
  public Packed pack(Collection collection) {
    if (packFrom <= 0) {
      return new Packed(0, 0, 0, 0, 0, false);
    }
    long start = System.nanoTime();
    return tenants.inTenant(collection.tenantId(), () -> {
      Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?, ?)")
          .params(LOCK_CLASS, (int) collection.id()).query(Boolean.class).single();
      if (!locked) {
        return new Packed(0, 0, 0, 0, 0, true);
      }
      int dropped = jdbc.sql("""
              delete from packed_terms d using term_stats t
              where d.collection_id = ? and d.tenant_id = ? and t.collection_id = d.collection_id and t.term = d.term
                and t.changes <> d.changes""")
          .params(collection.id(), collection.tenantId()).update();
      Map<String, Integer> stale = new java.util.LinkedHashMap<>();
      jdbc.sql("""
              select t.term, t.df from term_stats t
              where t.collection_id = ? and t.tenant_id = ? and t.df >= ?
                and not exists (select 1 from packed_terms d where d.collection_id = t.collection_id and d.term = t.term)
              order by t.term""")
          .params(collection.id(), collection.tenantId(), packFrom)
          .query(rs -> {
            stale.put(rs.getString(1), rs.getInt(2));
          });
      Postings.ImpactParameters impacts = jdbc.sql(
              "select impact_k1, impact_b, impact_avgdl from collections where id = ? and tenant_id = ?")
          .params(collection.id(), collection.tenantId())
          .query((rs, row) -> rs.getObject(3) == null ? null
              : new Postings.ImpactParameters(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)))
          .single();
      int terms = 0;
      long postings = 0;
      int blocks = 0;
      List<String> batch = new ArrayList<>();
      long batchSize = 0;
      List<String> all = new ArrayList<>(stale.keySet());
      for (int i = 0; i <= all.size(); i++) {
        if (i == all.size() || (!batch.isEmpty() && batchSize + stale.get(all.get(i)) > BATCH_POSTINGS)) {
          if (!batch.isEmpty()) {
            int[] done = packBatch(collection, batch, impacts);
            terms += done[0];
            postings += done[1];
            blocks += done[2];
          }
          batch.clear();
          batchSize = 0;
        }
        if (i < all.size()) {
          batch.add(all.get(i));
          batchSize += stale.get(all.get(i));
        }
      }
      Packed packed = new Packed(terms, postings, blocks, dropped, (System.nanoTime() - start) / 1e9, false);
      if (terms > 0 || dropped > 0) {
        log.info("collection {}: {}", collection.id(), packed);
      }
      return packed;
    });
  }

  /** A term's postings as read for packing. */
  private static final class TermPostings {
    long changes;
    int size;
    long[] chunks = new long[64];
    int[] tf = new int[64];
    int[] dl = new int[64];

    void add(long chunk, int f, int l) {
      if (size == chunks.length) {
        int grown = size * 2;
        chunks = java.util.Arrays.copyOf(chunks, grown);
        tf = java.util.Arrays.copyOf(tf, grown);
        dl = java.util.Arrays.copyOf(dl, grown);
      }
      chunks[size] = chunk;
      tf[size] = f;
      dl[size] = l;
      size++;
    }
  }

  /** Packs these terms: their postings and stamps read in one statement (one snapshot), then their blocks written. */
  private int[] packBatch(Collection collection, List<String> terms, Postings.ImpactParameters impacts) {
    Map<String, TermPostings> read = new HashMap<>();
    streaming.query("""
            select p.term, p.chunk_id, p.tf, p.dl, t.changes from postings p
            join term_stats t on t.collection_id = p.collection_id and t.term = p.term
            where p.collection_id = ? and p.tenant_id = ? and p.term = any(?)""",
        rs -> {
          TermPostings t = read.computeIfAbsent(rs.getString(1), k -> new TermPostings());
          t.changes = rs.getLong(5);
          t.add(rs.getLong(2), rs.getInt(3), rs.getInt(4));
        }, collection.id(), collection.tenantId(), terms.toArray(String[]::new));
    List<Object[]> blockRows = new ArrayList<>();
    List<String> termNames = new ArrayList<>();
    List<Long> stamps = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<Integer> blockCounts = new ArrayList<>();
    long postings = 0;
    for (Map.Entry<String, TermPostings> e : read.entrySet()) {
      TermPostings t = e.getValue();
      List<PostingBlocks.Block> blocks = PostingBlocks.encode(t.chunks, t.tf, t.dl, t.size, BLOCK, impacts);
      for (int b = 0; b < blocks.size(); b++) {
        PostingBlocks.Block block = blocks.get(b);
        blockRows.add(new Object[] {collection.id(), e.getKey(), b, collection.tenantId(), block.postings(),
            block.maxImpact(), block.data()});
      }
      termNames.add(e.getKey());
      stamps.add(t.changes);
      sizes.add(t.size);
      blockCounts.add(blocks.size());
      postings += t.size;
    }
    if (termNames.isEmpty()) {
      return new int[] {0, 0, 0};
    }
    jdbc.sql("""
            insert into packed_terms (collection_id, term, tenant_id, changes, postings, blocks)
            select ?, u.term, ?, u.changes, u.postings, u.blocks
            from unnest(?::text[], ?::bigint[], ?::int[], ?::int[]) as u(term, changes, postings, blocks)""")
        .params(collection.id(), collection.tenantId(), termNames.toArray(String[]::new), stamps.toArray(Long[]::new),
            sizes.toArray(Integer[]::new), blockCounts.toArray(Integer[]::new))
        .update();
    streaming.batchUpdate("""
        insert into packed_blocks (collection_id, term, block, tenant_id, postings, max_impact, data)
        values (?, ?, ?, ?, ?, ?, ?)""", blockRows);
    return new int[] {termNames.size(), (int) Math.min(Integer.MAX_VALUE, postings), blockRows.size()};
  }
}
