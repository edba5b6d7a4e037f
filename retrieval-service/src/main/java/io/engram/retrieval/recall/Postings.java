package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.RetrievalProperties;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Owner of the BM25 index tables: postings (one row per term and chunk, with its impact) and term_stats
 * (document frequency per term). Reads postings for pseudo-relevance feedback; writes them in bulk (one array insert per batch; COPY is refused on tables
 * under row-level security) and keeps the frequencies exact when chunks go. Runs inside the caller's tenant
 * transaction.
 *
 * <p>A posting's impact is the BM25 term-frequency part {@code tf / (tf + k1 * (1 - b + b * dl / avgdl))}
 * computed with the collection's reference parameters ({@code impact_k1}, {@code impact_b},
 * {@code impact_avgdl}, fixed by the first write), so that a term's postings can be read best first;
 * {@link LexicalRecall} bounds it for the collection's current average length.
 */
@Component
public class Postings {

  private final JdbcClient jdbc;
  private final RetrievalProperties.Bm25 bm25;

  public Postings(JdbcClient jdbc, RetrievalProperties properties) {
    this.jdbc = jdbc;
    this.bm25 = properties.bm25();
  }

  /** The parameters a collection's impacts are computed with. */
  public record ImpactParameters(double k1, double b, double avgdl) {

    /** The impact of a posting. */
    public float impact(int tf, int dl) {
      return (float) (tf / (tf + k1 * (1 - b + b * dl / avgdl)));
    }
  }

  /**
   * Writes postings (parallel arrays) and adds them to the document frequencies. The first write into a
   * collection fixes its impact parameters: the configured k1 and b and the average length of this batch.
   */
  public void insert(Collection collection, String[] terms, Long[] chunks, Integer[] tf, Integer[] dl, double batchAvgdl) {
    if (terms.length == 0) {
      return;
    }
    ImpactParameters params = jdbc.sql("""
            update collections set impact_k1 = coalesce(impact_k1, ?), impact_b = coalesce(impact_b, ?),
              impact_avgdl = coalesce(impact_avgdl, ?)
            where id = ? and tenant_id = ? returning impact_k1, impact_b, impact_avgdl""")
        .params(bm25.k1(), bm25.b(), Math.max(batchAvgdl, 1), collection.id(), collection.tenantId())
        .query((rs, row) -> new ImpactParameters(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3))).single();
    Float[] impacts = new Float[terms.length];
    for (int i = 0; i < terms.length; i++) {
      impacts[i] = params.impact(tf[i], dl[i]);
    }
    jdbc.sql("""
            insert into postings (collection_id, term, chunk_id, tenant_id, tf, dl, impact)
            select ?, u.term, u.chunk, ?, u.tf, u.dl, u.impact
            from unnest(?::text[], ?::bigint[], ?::int[], ?::int[], ?::real[]) as u(term, chunk, tf, dl, impact)""")
        .params(collection.id(), collection.tenantId(), terms, chunks, tf, dl, impacts)
        .update();
    // terms in one order, so that concurrent writers of one collection lock their rows without deadlocks
    jdbc.sql("""
            insert into term_stats (collection_id, term, tenant_id, df)
            select ?, u.term, ?, count(*) from unnest(?::text[]) as u(term) group by u.term order by u.term
            on conflict (collection_id, term) do update set df = term_stats.df + excluded.df,
              changes = nextval('term_changes')""")
        .params(collection.id(), collection.tenantId(), terms)
        .update();
  }

  /** One posting as feedback reads it: the chunk, the term, its frequency in the chunk and the chunk's length. */
  public record Posting(long chunkId, String term, int tf, int dl) {
  }

  /** Hands each posting of {@code chunkIds} to {@code each}, in the order the database returns them. */
  public void ofChunks(String tenantId, Long[] chunkIds, Consumer<Posting> each) {
    jdbc.sql("select chunk_id, term, tf, dl from postings where chunk_id = any(?) and tenant_id = ?")
        .params(chunkIds, tenantId)
        .query(rs -> {
          each.accept(new Posting(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
        });
  }

  /**
   * Takes the postings of the chunks of {@code documentIds} out of the document frequencies; call it before
   * deleting those chunks (their postings go with them by cascade).
   */
  public void forgetDocuments(Collection collection, Long[] documentIds) {
    if (documentIds.length == 0) {
      return;
    }
    jdbc.sql("""
            update term_stats t set df = t.df - gone.n, changes = nextval('term_changes')
            from (select p.term, count(*) as n from postings p join chunks c on c.id = p.chunk_id
                  where c.document_id = any(?) and c.tenant_id = ? and p.collection_id = ?
                  group by p.term order by p.term) gone
            where t.collection_id = ? and t.term = gone.term""")
        .params(documentIds, collection.tenantId(), collection.id(), collection.id())
        .update();
  }

  /**
   * After a bulk load: refreshes the planner's statistics on the postings and marks their pages all-visible,
   * so that the index-only scans of BM25 (MaxScore's and the SQL's) read no heap page. Autovacuum would do the
   * latter only once a fifth of the table is new (its default insert scale factor), which a collection loaded
   * into a large shared table may never reach. Pages already marked are skipped. Must run outside a transaction.
   */
  public void vacuumAndAnalyze() {
    jdbc.sql("vacuum (analyze) retrieval.postings").update();
  }
}
