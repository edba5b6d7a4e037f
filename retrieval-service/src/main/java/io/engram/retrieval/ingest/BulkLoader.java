package io.engram.retrieval.ingest;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.PackedPostings;
import io.engram.retrieval.recall.Postings;
import io.engram.retrieval.collection.VectorGraphs;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.text.embedding.EmbeddingModelCatalog;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads a new (empty) collection in bulk: a restore, or a large ingestion whose chunks are already cut, analyzed
 * and embedded. Everything goes in one transaction of the collection's tenant (all or nothing; searches see the
 * collection empty until it commits), under the same row-level security as any write:
 * <ul>
 * <li>rows are streamed with COPY ({@code CopyManager}) into temporary staging tables, private to the transaction
 * (PostgreSQL refuses COPY FROM into a table under row-level security), then moved with {@code INSERT ... SELECT},
 * whose rows the policies check;</li>
 * <li>documents and chunks move at each batch; postings are staged for the whole load and inserted once, in
 * (term, chunk) order, so that the postings' B-trees are filled term by term instead of at as many places as a
 * batch has terms; document frequencies are counted once from the staged postings;</li>
 * <li>a load of at least {@code engram.retrieval.bulk.own-graph-from} chunks (default 10,000) gets an HNSW graph of
 * its own, built in one pass after the commit ({@link VectorGraphs}), instead of being inserted row by row into
 * its model's graph shared by every tenant: the collection is searched exactly until that graph is built.</li>
 * </ul>
 * Impacts are computed as ingestion computes them: the first batch fixes the collection's impact parameters.
 */
@Component
public class BulkLoader {

  /** One chunk, cut, analyzed and (unless the collection has no vectors) embedded. */
  public record Chunk(String text, String contentHash, String metadataJson, int tokenCount, int termCount,
      Map<String, Integer> termFrequencies, float @Nullable [] vector) {
  }

  /** One document with its chunks. */
  public record Document(String externalId, @Nullable String title, String contentHash, String metadataJson, List<Chunk> chunks) {
  }

  /** Receives the documents of a load, batch by batch. */
  public interface Sink {
    void add(List<Document> documents);
  }

  /**
   * What a load wrote, and how long its two parts took; {@code stages} says where the writing time went (rows
   * formatted in Java, COPY into staging, documents and chunks moved, postings inserted, document frequencies).
   */
  public record Result(int documents, long chunks, long postings, boolean ownGraph, double writeSeconds, double graphSeconds,
      String stages) {
  }

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final TenantTransactions tenants;
  private final Postings postings;
  private final PackedPostings packed;
  private final VectorGraphs graphs;
  private final double k1;
  private final double b;
  private final long ownGraphFrom;

  public BulkLoader(JdbcClient jdbc, DataSource dataSource, TenantTransactions tenants, Postings postings,
      PackedPostings packed, VectorGraphs graphs,
      RetrievalProperties properties, @Value("${engram.retrieval.bulk.own-graph-from:10000}") long ownGraphFrom) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.tenants = tenants;
    this.packed = packed;
    this.postings = postings;
    this.graphs = graphs;
    this.k1 = properties.bm25().k1();
    this.b = properties.bm25().b();
    this.ownGraphFrom = ownGraphFrom;
  }

  /**
   * Loads what {@code producer} hands to its sink into {@code collection}, which must hold no chunk yet.
   *
   * @param expectedChunks how many chunks the load will write (decides whether it gets a graph of its own)
   * @throws IllegalStateException when the collection already has chunks
   */
  public Result load(Collection collection, long expectedChunks, Consumer<Sink> producer) {
    boolean own = collection.dense() && EmbeddingModelCatalog.bundled().contains(collection.embeddingModel())
        && expectedChunks >= ownGraphFrom;
    String key = own ? VectorGraphs.ownKey(collection) : collection.embeddingModel();
    long start = System.nanoTime();
    long[] stage = new long[6];
    long[] counts = tenants.inTenant(collection.tenantId(), () -> write(collection, key, producer, stage));
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    long analyzing = System.nanoTime();
    jdbc.sql("analyze retrieval.chunks").update();
    postings.vacuumAndAnalyze();
    jdbc.sql("analyze retrieval.documents").update();
    stage[5] = System.nanoTime() - analyzing;
    PackedPostings.Packed packedTerms = packed.pack(collection);
    double graphSeconds = 0;
    if (own && counts[1] > 0) {
      long graphStart = System.nanoTime();
      graphs.build(collection, (int) counts[3]);
      graphSeconds = (System.nanoTime() - graphStart) / 1e9;
    }
    String stages = String.format(java.util.Locale.ROOT, "rows formatted %.1f s, COPY %.1f s, documents and chunks moved %.1f s,"
        + " postings inserted %.1f s, term_stats %.1f s; then vacuum and analyze %.1f s; %s", stage[0] / 1e9, stage[1] / 1e9, stage[2] / 1e9,
        stage[3] / 1e9, stage[4] / 1e9, stage[5] / 1e9, packedTerms);
    return new Result((int) counts[0], counts[1], counts[2], own, writeSeconds, graphSeconds, stages);
  }

  /** Builds a collection's own graph if an earlier load committed and was interrupted before building it. */
  public boolean finishGraph(Collection collection) {
    VectorGraphs.Graph graph = tenants.inTenant(collection.tenantId(), () -> graphs.of(collection));
    if (!graph.own() || graph.ready()) {
      return false;
    }
    Integer dims = tenants.inTenant(collection.tenantId(), () -> jdbc.sql("""
            select vector_dims(embedding) from chunks where collection_id = ? and tenant_id = ? and embedding is not null
            order by collection_id limit 1""").params(collection.id(), collection.tenantId()).query(Integer.class).optional().orElse(null));
    return dims != null && graphs.build(collection, dims);
  }

  /** documents, chunks, postings, dimensions */
  private long[] write(Collection collection, String key, Consumer<Sink> producer, long[] stage) {
    Integer existing = jdbc.sql("select chunk_count from collections where id = ? and tenant_id = ? for update")
        .params(collection.id(), collection.tenantId()).query(Integer.class).single();
    if (existing != 0) {
      throw new IllegalStateException("a bulk load needs an empty collection; " + collection.name() + " has " + existing + " chunks");
    }
    if (collection.parentChild()) {
      throw new IllegalStateException("a bulk load writes standard chunks; " + collection.name() + " is a parent/child collection");
    }
    jdbc.sql("""
        create temporary table bulk_documents (id bigint, external_id text, title text, content_hash text, metadata text)
        on commit drop""").update();
    jdbc.sql("""
        create temporary table bulk_chunks (id bigint, document_id bigint, ordinal int, text text, metadata text,
          content_hash text, token_count int, term_count int, embedding vector) on commit drop""").update();
    jdbc.sql("create temporary table bulk_postings (term text, chunk_id bigint, tf int, dl int, impact real) on commit drop").update();
    Connection connection = DataSourceUtils.getConnection(dataSource);
    CopyManager copy;
    try {
      copy = connection.unwrap(PGConnection.class).getCopyAPI();
    } catch (SQLException e) {
      throw new IllegalStateException("bulk loading needs PostgreSQL's COPY (PgJDBC)", e);
    }
    long[] counts = new long[5]; // documents, chunks, postings, dimensions, terms
    Postings.ImpactParameters[] impact = new Postings.ImpactParameters[1];
    producer.accept(documents -> {
      if (documents.isEmpty()) {
        return;
      }
      int chunkTotal = documents.stream().mapToInt(d -> d.chunks().size()).sum();
      long[] docIds = ids("retrieval.documents", documents.size());
      long[] chunkIds = ids("retrieval.chunks", chunkTotal);
      if (impact[0] == null) {
        double terms = documents.stream().flatMap(d -> d.chunks().stream()).mapToLong(Chunk::termCount).sum();
        impact[0] = jdbc.sql("""
                update collections set impact_k1 = coalesce(impact_k1, ?), impact_b = coalesce(impact_b, ?),
                  impact_avgdl = coalesce(impact_avgdl, ?)
                where id = ? and tenant_id = ? returning impact_k1, impact_b, impact_avgdl""")
            .params(k1, b, Math.max(chunkTotal == 0 ? 1 : terms / chunkTotal, 1), collection.id(), collection.tenantId())
            .query((rs, row) -> new Postings.ImpactParameters(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3))).single();
      }
      long t0 = System.nanoTime();
      StringBuilder docRows = new StringBuilder(documents.size() * 64);
      StringBuilder chunkRows = new StringBuilder(chunkTotal * 4096);
      StringBuilder postingRows = new StringBuilder(chunkTotal * 1024);
      int c = 0;
      for (int d = 0; d < documents.size(); d++) {
        Document doc = documents.get(d);
        docRows.append(docIds[d]).append('\t');
        text(docRows, doc.externalId()).append('\t');
        text(docRows, doc.title()).append('\t');
        text(docRows, doc.contentHash()).append('\t');
        text(docRows, doc.metadataJson()).append('\n');
        int ordinal = 0;
        for (Chunk chunk : doc.chunks()) {
          long id = chunkIds[c++];
          chunkRows.append(id).append('\t').append(docIds[d]).append('\t').append(ordinal++).append('\t');
          text(chunkRows, chunk.text()).append('\t');
          text(chunkRows, chunk.metadataJson()).append('\t');
          text(chunkRows, chunk.contentHash()).append('\t');
          chunkRows.append(chunk.tokenCount()).append('\t').append(chunk.termCount()).append('\t');
          if (chunk.vector() == null) {
            chunkRows.append("\\N");
          } else {
            chunkRows.append(DenseRecall.literal(chunk.vector()));
            counts[3] = chunk.vector().length;
          }
          chunkRows.append('\n');
          for (Map.Entry<String, Integer> tf : chunk.termFrequencies().entrySet()) {
            text(postingRows, tf.getKey()).append('\t').append(id).append('\t').append(tf.getValue()).append('\t')
                .append(chunk.termCount()).append('\t').append(impact[0].impact(tf.getValue(), chunk.termCount())).append('\n');
            counts[2]++;
          }
          counts[4] += chunk.termCount();
        }
      }
      long t1 = System.nanoTime();
      stage[0] += t1 - t0;
      copyIn(copy, "copy bulk_documents from stdin", docRows);
      copyIn(copy, "copy bulk_chunks from stdin", chunkRows);
      copyIn(copy, "copy bulk_postings from stdin", postingRows);
      long t2 = System.nanoTime();
      stage[1] += t2 - t1;
      jdbc.sql("""
              insert into documents (id, tenant_id, collection_id, external_id, title, content_hash, metadata)
              overriding system value
              select s.id, ?, ?, s.external_id, s.title, s.content_hash, s.metadata::jsonb from bulk_documents s order by s.id""")
          .params(collection.tenantId(), collection.id()).update();
      jdbc.sql("""
              insert into chunks (id, tenant_id, collection_id, document_id, ordinal, text, metadata, content_hash,
                token_count, term_count, model, embedding)
              select s.id, ?, ?, s.document_id, s.ordinal, s.text, s.metadata::jsonb, s.content_hash, s.token_count,
                s.term_count, ?, s.embedding
              from bulk_chunks s order by s.id""")
          .params(collection.tenantId(), collection.id(), key).update();
      jdbc.sql("truncate bulk_documents, bulk_chunks").update();
      stage[2] += System.nanoTime() - t2;
      counts[0] += documents.size();
      counts[1] += chunkTotal;
    });
    // the postings of the whole load, term by term; then each term's document frequency
    long t3 = System.nanoTime();
    jdbc.sql("select set_config('work_mem', '256MB', true)").query().singleValue();
    jdbc.sql("""
            insert into postings (collection_id, term, chunk_id, tenant_id, tf, dl, impact)
            select ?, s.term, s.chunk_id, ?, s.tf, s.dl, s.impact from bulk_postings s order by s.term, s.chunk_id""")
        .params(collection.id(), collection.tenantId()).update();
    long t4 = System.nanoTime();
    stage[3] += t4 - t3;
    jdbc.sql("""
            insert into term_stats (collection_id, term, tenant_id, df)
            select ?, s.term, ?, count(*) from bulk_postings s group by s.term order by s.term
            on conflict (collection_id, term) do update set df = term_stats.df + excluded.df,
              changes = nextval('term_changes')""")
        .params(collection.id(), collection.tenantId()).update();
    stage[4] += System.nanoTime() - t4;
    jdbc.sql("""
            update collections set document_count = document_count + ?, chunk_count = chunk_count + ?,
              total_terms = total_terms + ? where id = ? and tenant_id = ?""")
        .params(counts[0], counts[1], counts[4], collection.id(), collection.tenantId()).update();
    return counts;
  }

  private long[] ids(String table, int n) {
    return jdbc.sql("select nextval(pg_get_serial_sequence(?, 'id')) from generate_series(1, ?)")
        .params(table, n).query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
  }

  private static void copyIn(CopyManager copy, String sql, StringBuilder rows) {
    if (rows.isEmpty()) {
      return;
    }
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    try {
      var in = copy.copyIn(sql);
      try {
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
  }

  /** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
  static StringBuilder text(StringBuilder out, @Nullable String value) {
    if (value == null) {
      return out.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
    return out;
  }
}
