package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.RetrievalProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exact BM25 (Robertson et al.; Lucene's form without the constant (k1 + 1) factor, which does not change
 * the ranking) computed in PostgreSQL over the postings table:
 * {@code score = sum over query terms of w * idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))} with
 * {@code idf = ln(1 + (N - df + 0.5) / (df + 0.5))}, N and avgdl over the whole collection and df counted
 * over the same posting rows that are scored, so a query needs one index range scan per term. Metadata
 * filters restrict which chunks are returned, not the statistics (as in Lucene). Must run inside a tenant
 * transaction.
 */
@Component
public class LexicalRecall {

  private final JdbcClient jdbc;
  private final RetrievalProperties.Bm25 defaults;
  private final int statementTimeoutMillis;
  private final MaxScoreBm25 maxScore;
  private final PackedBm25 packed;

  public LexicalRecall(JdbcClient jdbc, RetrievalProperties properties) {
    this.jdbc = jdbc;
    this.maxScore = new MaxScoreBm25(jdbc, MaxScoreBm25.PROBE_MIN, MaxScoreBm25.LOOKUP_COST);
    this.packed = new PackedBm25(jdbc);
    this.defaults = properties.bm25();
    this.statementTimeoutMillis = properties.search().statementTimeoutMillis();
  }

  /** Bounds the statements of the current transaction (a search's): a runaway query is cancelled, not waited for. */
  static void limitStatements(JdbcClient jdbc, int millis) {
    jdbc.sql("select set_config('statement_timeout', ?, true)").param(String.valueOf(millis)).query(String.class).single();
  }

  /**
   * Each query term present in the collection with its BM25 factor {@code w * ln(1 + (N - df + 0.5) / (df + 0.5))}, in
   * the query's order; null when a weight is not a positive finite number (MaxScore's bounds and the packed path assume
   * positive contributions; the SQL takes any weight).
   */
  static Map<String, Double> scales(Map<String, Double> terms, Map<String, Integer> dfs, double n) {
    Map<String, Double> scales = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      int df = dfs.getOrDefault(e.getKey(), 0);
      if (df == 0) {
        continue;
      }
      if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
        return null;
      }
      scales.put(e.getKey(), e.getValue() * Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    return scales;
  }

  /** Searches scored from packed blocks since start: for tests. */
  long packedSearches() {
    return packed.searches();
  }

  /** Searches by MaxScore and their non-essential postings (never scanned) since start: for tests. */
  long[] maxScoreCounters() {
    return maxScore.counters();
  }

  public List<Candidate> search(Collection collection, Map<String, Double> terms, int limit, SqlFragment filter) {
    return search(collection, terms, limit, filter, defaults.k1(), defaults.b());
  }

  /** As {@link #search(Collection, Map, int, SqlFragment)} without the packed blocks (MaxScore or the SQL): a benchmark's baseline. */
  public List<Candidate> searchPostings(Collection collection, Map<String, Double> terms, int limit, SqlFragment filter) {
    return search(collection, terms, limit, filter, defaults.k1(), defaults.b(), maxScore, defaults.earlyTerminationAbove(), false);
  }

  /**
   * The top {@code limit} chunks by BM25.
   *
   * @param terms analyzed query terms with their weights (query term frequency, or RM3 weights)
   */
  public List<Candidate> search(Collection collection, Map<String, Double> terms, int limit, SqlFragment filter,
      double k1, double b) {
    return search(collection, terms, limit, filter, k1, b, maxScore, defaults.earlyTerminationAbove(), true);
  }

  /** As {@link #search(Collection, Map, int, SqlFragment, double, double)}, with another MaxScore and threshold (tests). */
  List<Candidate> search(Collection collection, Map<String, Double> terms, int limit, SqlFragment filter,
      double k1, double b, MaxScoreBm25 maxScore, long maxScoreAbove, boolean usePacked) {
    if (terms.isEmpty() || collection.chunkCount() == 0) {
      return List.of();
    }
    limitStatements(jdbc, statementTimeoutMillis);
    // the collection's statistics now, with each term's document frequency, in one statement
    String[] queryTerms = terms.keySet().toArray(String[]::new);
    Map<String, Integer> dfs = new HashMap<>();
    Set<String> fresh = new HashSet<>(); // terms whose packed blocks are current
    double[] stats = new double[5]; // N, total terms, impact k1, impact b, impact avgdl (NaN: no impacts)
    jdbc.sql("""
            select q.term, coalesce(t.df, 0), c.chunk_count, c.total_terms,
              coalesce(c.impact_k1, 'NaN'), coalesce(c.impact_b, 'NaN'), coalesce(c.impact_avgdl, 'NaN'),
              d.changes is not null and d.changes = t.changes
            from collections c cross join unnest(?::text[]) as q(term)
            left join term_stats t on t.collection_id = c.id and t.term = q.term
            left join packed_terms d on d.collection_id = c.id and d.term = q.term
            where c.id = ? and c.tenant_id = ?""")
        .params(queryTerms, collection.id(), collection.tenantId())
        .query(rs -> {
          dfs.put(rs.getString(1), rs.getInt(2));
          for (int i = 0; i < 5; i++) {
            stats[i] = rs.getDouble(3 + i);
          }
          if (rs.getBoolean(8)) {
            fresh.add(rs.getString(1));
          }
        });
    double n = stats[0];
    if (n == 0) {
      return List.of();
    }
    long postings = dfs.values().stream().mapToLong(Integer::longValue).sum();
    // every term common enough to be packed is packed and fresh: score in the service from the blocks
    int packFrom = defaults.packFrom();
    if (usePacked && packFrom > 0 && filter == SqlFragment.TRUE && !fresh.isEmpty()
        && dfs.entrySet().stream().allMatch(e -> e.getValue() < packFrom || fresh.contains(e.getKey()))) {
      List<Candidate> top = packed.search(collection, terms, dfs, fresh, limit, k1, b, n, Math.max(stats[1] / n, 1e-9));
      if (top != null) {
        return top;
      }
    }
    if (postings > maxScoreAbove && stats[2] == k1 && stats[3] == b) {
      List<Candidate> top = maxScore.search(collection, terms, dfs, limit, filter,
          new MaxScoreBm25.Parameters(k1, b, stats[4], Math.max(stats[1] / n, 1e-9), n));
      if (top != null) {
        return top;
      }
    }
    return searchBySql(collection, terms, limit, filter, k1, b);
  }

  /**
   * The reference: every posting of every query term scored in one SQL statement, df counted over the same
   * rows. Its cost grows with the postings of the query's terms, so with the collection.
   */
  public List<Candidate> searchBySql(Collection collection, Map<String, Double> terms, int limit, SqlFragment filter,
      double k1, double b) {
    if (terms.isEmpty() || collection.chunkCount() == 0) {
      return List.of();
    }
    String[] termArray = terms.keySet().toArray(String[]::new);
    Double[] weights = new Double[termArray.length];
    for (int i = 0; i < termArray.length; i++) {
      weights[i] = terms.get(termArray[i]);
    }
    boolean filtered = filter != SqlFragment.TRUE;
    String sql = """
        with q (term, w) as (select * from unnest(?::text[], ?::float8[])),
        p as (
          select p.chunk_id, p.tf, p.dl, q.w, count(*) over (partition by p.term) as df
          from postings p join q on q.term = p.term
          where p.collection_id = ? and p.tenant_id = ?
        )
        select p.chunk_id, sum(p.w * ln(1 + (? - p.df + 0.5) / (p.df + 0.5))
               * p.tf / (p.tf + ? * (1 - ? + ? * p.dl / ?))) as score
        from p
        """ + (filtered ? "join chunks c on c.id = p.chunk_id where " + filter.sql() + "\n" : "") + """
        group by p.chunk_id
        order by score desc, p.chunk_id
        limit ?
        """;
    List<Object> params = new ArrayList<>();
    params.add(termArray);
    params.add(weights);
    params.add(collection.id());
    params.add(collection.tenantId());
    params.add((double) collection.chunkCount());
    params.add(k1);
    params.add(b);
    params.add(b);
    params.add(Math.max(collection.averageLength(), 1e-9));
    if (filtered) {
      params.addAll(filter.params());
    }
    params.add(limit);
    return jdbc.sql(sql).params(params)
        .query((rs, row) -> new Candidate(rs.getLong(1), rs.getDouble(2))).list();
  }

}
