package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.VectorGraphs;
import io.engram.retrieval.RetrievalProperties;
import io.engram.text.embedding.EmbeddingModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.stereotype.Component;

/**
 * Dense recall through pgvector: cosine distance over the chunk vectors of the collection's model. Which
 * access path is used is decided here, from the collection's size, not left to the planner's statistics
 * (stale right after a bulk load, and blind to one collection's share of a table many tenants fill):
 * <ul>
 *   <li>a collection of at least {@code exactBelow} chunks goes through its model's partial HNSW index,
 *   with sorting disabled for the statement so that no plan can fall back to an exact scan; HNSW returns at
 *   most {@code hnsw.ef_search} rows, so ef_search is at least the number of candidates; filters (collection,
 *   metadata) are evaluated in the same scan with pgvector 0.8's iterative scan, whose relaxed order is
 *   re-sorted here, and which visits at most {@code hnsw.max_scan_tuples} index tuples: raised to what the
 *   collection's share of the table needs, capped by {@code maxScanTuples};</li>
 *   <li>a smaller collection is searched exactly through the collection index (a few thousand distances cost
 *   less than a filtered walk through a graph mostly made of other collections' vectors), as is every
 *   collection of a user model (which has no index).</li>
 *   <li>a collection with a graph of its own (bulk-loaded, see {@link VectorGraphs}) goes through that graph once it
 *   is built, and is searched exactly until then.</li>
 * </ul>
 * The settings and the query go to PostgreSQL as one multi-statement request (one round trip). Must run
 * inside a tenant transaction.
 */
@Component
public class DenseRecall {

  /** pgvector's default {@code hnsw.max_scan_tuples}. */
  static final int DEFAULT_MAX_SCAN_TUPLES = 20_000;

  private final JdbcTemplate jdbc;
  private final RetrievalProperties.Dense settings;
  private final int statementTimeoutMillis;
  private final java.util.Map<String, long[]> indexSizes = new java.util.concurrent.ConcurrentHashMap<>();
  private final VectorGraphs graphs;

  public DenseRecall(JdbcTemplate jdbc, RetrievalProperties properties, VectorGraphs graphs) {
    this.jdbc = jdbc;
    this.graphs = graphs;
    this.settings = properties.dense();
    this.statementTimeoutMillis = properties.search().statementTimeoutMillis();
  }

  /** How a query is run: through the model's HNSW graph or exactly. */
  public enum Access { HNSW, EXACT }

  /** The access path for {@code collection}; looks up its graph (see {@link VectorGraphs}) when it is large enough. */
  public Access access(Collection collection) {
    return route(collection).access();
  }

  /** How a query of a collection is run, and the model key its chunks carry. */
  private record Route(Access access, String key) {
  }

  private Route route(Collection collection) {
    String model = collection.embeddingModel();
    if (!EmbeddingModelCatalog.bundled().contains(model) || collection.chunkCount() < settings.exactBelow()) {
      return new Route(Access.EXACT, model);
    }
    VectorGraphs.Graph graph = graphs.of(collection);
    if (graph.own()) {
      // alone in its graph: a walk reads only the collection's vectors; exact until the graph is built
      return new Route(graph.ready() ? Access.HNSW : Access.EXACT, graph.key());
    }
    return new Route(choose(collection.chunkCount(), indexSize(model), settings.efSearch(), settings.exactBelow(),
        settings.hnswCostRatio()), graph.key());
  }

  /**
   * HNSW when a filtered walk is expected to cost less than scoring the collection exactly: the walk visits
   * about {@code efSearch * indexRows / chunks} tuples, each worth {@code costRatio} exactly scored rows.
   */
  static Access choose(long chunks, long indexRows, int efSearch, int exactBelow, double costRatio) {
    if (chunks < exactBelow) {
      return Access.EXACT;
    }
    double share = (double) chunks / Math.max(indexRows, chunks);
    return chunks * share >= costRatio * efSearch ? Access.HNSW : Access.EXACT;
  }

  /** Rows in the model's HNSW index (pg_class statistics, looked up at most once a minute). */
  private long indexSize(String model) {
    long now = System.nanoTime();
    long[] cached = indexSizes.get(model);
    if (cached != null && now - cached[1] < 60_000_000_000L) {
      return cached[0];
    }
    String index = "chunks_hnsw_" + model.toLowerCase(java.util.Locale.ROOT).replace(".", "").replace('-', '_');
    Long rows = jdbc.query("select greatest(coalesce(max(reltuples), 0), 0)::bigint from pg_class"
        + " where relname = ? and relnamespace = 'retrieval'::regnamespace", rs -> rs.next() ? rs.getLong(1) : 0L, index);
    indexSizes.put(model, new long[] {rows == null ? 0 : rows, now});
    return rows == null ? 0 : rows;
  }

  public List<Candidate> search(Collection collection, float[] query, int limit, SqlFragment filter) {
    if (collection.chunkCount() == 0) {
      return List.of();
    }
    SqlStatement statement = statement(collection, query, limit, filter);
    List<Candidate> found = jdbc.execute(statement.settings() + ";\n" + statement.query(),
        (PreparedStatementCallback<List<Candidate>>) ps -> {
          new ArgumentPreparedStatementSetter(statement.params().toArray()).setValues(ps);
          ps.execute(); // the settings' row
          if (!ps.getMoreResults()) {
            throw new IllegalStateException("the vector query returned no result set");
          }
          List<Candidate> rows = new ArrayList<>();
          try (var rs = ps.getResultSet()) {
            while (rs.next()) {
              rows.add(new Candidate(rs.getLong(1), 1 - rs.getDouble(2)));
            }
          }
          return rows;
        });
    found.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::chunkId));
    return found;
  }

  /**
   * PostgreSQL's plan for the query {@link #search} would run, with the same settings (EXPLAIN, not
   * executed): lets tests and operators check which index answers. Must run inside a tenant transaction.
   */
  public String explain(Collection collection, float[] query, int limit, SqlFragment filter) {
    SqlStatement statement = statement(collection, query, limit, filter);
    jdbc.queryForList(statement.settings());
    return String.join("\n", jdbc.query("explain " + statement.query(), new ArgumentPreparedStatementSetter(
        statement.params().toArray()), (rs, row) -> rs.getString(1)));
  }

  private record SqlStatement(String settings, String query, List<Object> params) {
  }

  private SqlStatement statement(Collection collection, float[] query, int limit, SqlFragment filter) {
    Route route = route(collection);
    boolean graph = route.access() == Access.HNSW;
    // the partial index (the model's, or the collection's own) is only used when the planner sees its model key and
    // the cast literally; the exact path leaves the cast out so that it cannot take the index
    String column = graph ? "c.embedding::vector(" + query.length + ")" : "c.embedding";
    // (exactly: either key a collection's chunks may carry, as parameters)
    String modelPredicate = graph ? "c.model = '" + route.key().replace("'", "''") + "'" : "c.model in (?, ?)";
    String settingsSql;
    if (graph) {
      int efSearch = Math.min(1000, Math.max(settings.efSearch(), limit));
      // a collection holding a share s of the table needs about ef_search / s visited tuples to fill ef_search
      // matches; pg_class.reltuples (all models) over-estimates the table, which only errs on the side of recall
      long chunks = Math.max(1, collection.chunkCount());
      settingsSql = "select set_config('hnsw.ef_search', '" + efSearch + "', true),"
          + " set_config('hnsw.iterative_scan', 'relaxed_order', true),"
          + " set_config('hnsw.max_scan_tuples', least(" + settings.maxScanTuples() + ", greatest(" + DEFAULT_MAX_SCAN_TUPLES
          + ", ceil(4.0 * " + efSearch + " * (select greatest(reltuples, 0) from pg_class where oid = 'retrieval.chunks'::regclass) / "
          + chunks + ")))::bigint::text, true),"
          + " set_config('enable_sort', 'off', true)";
    } else {
      // exact: the collection's rows through its index, never a scan of every tenant's chunks
      settingsSql = "select set_config('enable_seqscan', 'off', true)";
    }
    // a runaway statement is cancelled (SQLSTATE 57014) and the search answers 503
    settingsSql += ", set_config('statement_timeout', '" + statementTimeoutMillis + "', true)";
    String sql = "select c.id, " + column + " <=> ?::vector as distance from chunks c where " + modelPredicate
        + " and c.collection_id = ? and c.tenant_id = ? and " + filter.sql()
        + " order by " + column + " <=> ?::vector limit ?";
    String vector = literal(query);
    List<Object> params = new ArrayList<>();
    params.add(vector);
    if (!graph) {
      params.add(collection.embeddingModel());
      params.add(VectorGraphs.ownKey(collection));
    }
    params.add(collection.id());
    params.add(collection.tenantId());
    params.addAll(filter.params());
    params.add(vector);
    params.add(limit);
    return new SqlStatement(settingsSql, sql, params);
  }

  /** pgvector's text form of a vector. */
  public static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }
}
