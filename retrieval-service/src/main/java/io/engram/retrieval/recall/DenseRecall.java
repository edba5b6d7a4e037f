package io.engram.retrieval.recall;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.config.RetrievalProperties;
import io.engram.text.embedding.EmbeddingModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.stereotype.Component;

/**
 * Dense recall through pgvector: cosine distance over the chunk vectors of the collection's model, using
 * that model's partial HNSW index. HNSW returns at most {@code hnsw.ef_search} rows, so ef_search is set
 * per transaction to at least the number of candidates; filters (collection, metadata) are evaluated in the
 * same scan with pgvector 0.8's iterative scan, whose relaxed order is re-sorted here. The settings and the
 * query go to PostgreSQL as one multi-statement request (one round trip, not two). Models without an
 * index (user models) are searched exactly. Must run inside a tenant transaction.
 */
@Component
public class DenseRecall {

  private final JdbcTemplate jdbc;
  private final RetrievalProperties.Dense settings;

  public DenseRecall(JdbcTemplate jdbc, RetrievalProperties properties) {
    this.jdbc = jdbc;
    this.settings = properties.dense();
  }

  public List<Candidate> search(Collection collection, float[] query, int limit, SqlFragment filter) {
    if (collection.chunkCount() == 0) {
      return List.of();
    }
    int efSearch = Math.min(1000, Math.max(settings.efSearch(), limit));
    String model = collection.embeddingModel();
    // the partial index is only used when the planner sees the model and the cast literally
    boolean indexed = EmbeddingModelCatalog.bundled().contains(model);
    String column = indexed ? "c.embedding::vector(" + query.length + ")" : "c.embedding";
    String modelPredicate = indexed ? "c.model = '" + model.replace("'", "''") + "'" : "c.model = ?";
    // transaction-local settings first (ef_search is an integer, so it can be written into the SQL)
    String sql = "select set_config('hnsw.ef_search', '" + efSearch + "', true), set_config('hnsw.iterative_scan', 'relaxed_order', true);\n"
        + "select c.id, " + column + " <=> ?::vector as distance from chunks c where " + modelPredicate
        + " and c.collection_id = ? and c.tenant_id = ? and " + filter.sql()
        + " order by " + column + " <=> ?::vector limit ?";
    String vector = literal(query);
    List<Object> params = new ArrayList<>();
    params.add(vector);
    if (!indexed) {
      params.add(model);
    }
    params.add(collection.id());
    params.add(collection.tenantId());
    params.addAll(filter.params());
    params.add(vector);
    params.add(limit);
    List<Candidate> found = jdbc.execute(sql, (PreparedStatementCallback<List<Candidate>>) statement -> {
      new ArgumentPreparedStatementSetter(params.toArray()).setValues(statement);
      statement.execute(); // the settings' row
      if (!statement.getMoreResults()) {
        throw new IllegalStateException("the vector query returned no result set");
      }
      List<Candidate> rows = new ArrayList<>();
      try (var rs = statement.getResultSet()) {
        while (rs.next()) {
          rows.add(new Candidate(rs.getLong(1), 1 - rs.getDouble(2)));
        }
      }
      return rows;
    });
    found.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::chunkId));
    return found;
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
