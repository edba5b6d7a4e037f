package io.engram.retrieval.collection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which HNSW graph holds a collection's vectors. Most collections share their model's graph (the partial index
 * {@code chunks_hnsw_<model>}, predicate {@code model = '<model>'}). A collection bulk-loaded at a size where
 * inserting into the shared graph row by row would take hours gets a graph of its own instead, built in one
 * pass after the load (pgvector's bulk build: the graph in {@code maintenance_work_mem}, parallel workers): its
 * chunks carry the model key {@code <model>@<collection id>}, which keeps them out of the shared graph (its
 * predicate does not match them), and the partial index {@code chunks_hnsw_c<collection id>} has the predicate
 * {@code model = '<model>@<collection id>'}, which {@code DenseRecall} repeats literally. All chunks of one
 * collection carry the same key; the rows themselves say which one (no catalogue to keep in step with them).
 *
 * <p>pgvector's README recommends exactly this for a few large tenants: partial indexes per value (and
 * partitioning once there are many), loading with COPY and adding the index after the load.
 */
@Component
public class VectorGraphs {

  private static final Logger log = LoggerFactory.getLogger(VectorGraphs.class);

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final String indexMemory;
  private final int indexWorkers;

  public VectorGraphs(JdbcTemplate jdbc, DataSource dataSource,
      @Value("${engram.retrieval.bulk.index-memory:1GB}") String indexMemory,
      @Value("${engram.retrieval.bulk.index-workers:2}") int indexWorkers) {
    if (!indexMemory.matches("[0-9]+ ?(kB|MB|GB)")) {
      throw new IllegalArgumentException("illegal engram.retrieval.bulk.index-memory: " + indexMemory + " (e.g. 512MB, 2GB)");
    }
    if (indexWorkers < 0 || indexWorkers > 64) {
      throw new IllegalArgumentException("illegal engram.retrieval.bulk.index-workers: " + indexWorkers + ", must be in [0, 64]");
    }
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.indexMemory = indexMemory;
    this.indexWorkers = indexWorkers;
  }

  /** The model key of the chunks of a collection with a graph of its own. */
  public static String ownKey(Collection collection) {
    return collection.embeddingModel() + "@" + collection.id();
  }

  /** The partial HNSW index of a collection with a graph of its own. */
  public static String indexName(long collectionId) {
    return "chunks_hnsw_c" + collectionId;
  }

  /**
   * Where a collection's vectors are: its chunks' model key, and whether that key names a graph of its own and that
   * graph is built (a valid index; until then the collection is searched exactly).
   */
  public record Graph(String key, boolean own, boolean ready) {
  }

  /**
   * The graph of {@code collection}, read from one of its chunks (the collection index, in its order, so one row is
   * read whatever the planner's statistics) and from the catalogue. Must run inside the collection's tenant
   * transaction; elsewhere no chunk is visible and the collection's model is answered.
   */
  public Graph of(Collection collection) {
    String own = ownKey(collection);
    Object[] row = jdbc.query("""
            select (select c.model from chunks c where c.collection_id = ? and c.tenant_id = ? order by c.collection_id limit 1),
              (select i.indisvalid from pg_index i where i.indexrelid = to_regclass(?))""",
        rs -> rs.next() ? new Object[] {rs.getString(1), rs.getObject(2)} : new Object[2],
        collection.id(), collection.tenantId(), "retrieval." + indexName(collection.id()));
    String key = row[0] == null ? collection.embeddingModel() : (String) row[0];
    boolean isOwn = key.equals(own);
    return new Graph(key, isOwn, isOwn && Boolean.TRUE.equals(row[1]));
  }

  /**
   * The model key new chunks of {@code collection} get: the key its chunks already carry, else its model. Used
   * inside SQL as {@code coalesce((<this>), ?)} with the model as parameter.
   */
  public static final String KEY_OF_COLLECTION_SQL =
      "select k.model from chunks k where k.collection_id = ? and k.tenant_id = ? order by k.collection_id limit 1";

  /**
   * Builds (or finishes) the graph of a collection whose chunks carry its own key: {@code CREATE INDEX CONCURRENTLY}
   * (reads and writes of every tenant go on meanwhile) with {@code maintenance_work_mem} and parallel workers as
   * configured ({@code engram.retrieval.bulk.index-memory}, {@code index-workers}). An invalid index left by an
   * interrupted build is dropped first. Outside any transaction, on a connection of its own. Returns false when the
   * index was already valid.
   */
  public boolean build(Collection collection, int dimensions) {
    String name = indexName(collection.id());
    Boolean valid = jdbc.query("select i.indisvalid from pg_index i where i.indexrelid = to_regclass(?)",
        rs -> rs.next() ? rs.getBoolean(1) : null, "retrieval." + name);
    if (Boolean.TRUE.equals(valid)) {
      return false;
    }
    String key = ownKey(collection).replace("'", "''");
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        if (valid != null) {
          st.execute("drop index concurrently if exists retrieval." + name);
        }
        st.execute("set maintenance_work_mem = '" + indexMemory + "'");
        st.execute("set max_parallel_maintenance_workers = " + indexWorkers);
        long start = System.nanoTime();
        st.execute("create index concurrently if not exists " + name + " on retrieval.chunks using hnsw ((embedding::vector("
            + dimensions + ")) vector_cosine_ops) where model = '" + key + "'");
        log.info("built the HNSW graph of collection {} ({} dimensions) in {} s", collection.id(), dimensions,
            (System.nanoTime() - start) / 1_000_000_000L);
      } finally {
        try (Statement reset = connection.createStatement()) {
          reset.execute("reset maintenance_work_mem");
          reset.execute("reset max_parallel_maintenance_workers");
        }
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not build the HNSW graph of collection " + collection.id() + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * Drops the graph of a deleted collection, if it had one ({@code DROP INDEX CONCURRENTLY}: no lock that would stop
   * other tenants' reads). Best effort: a failure is logged, the index then matches no row.
   */
  public void dropOwn(long collectionId) {
    @Nullable Boolean exists = jdbc.query("select to_regclass(?) is not null", rs -> rs.next() && rs.getBoolean(1),
        "retrieval." + indexName(collectionId));
    if (!Boolean.TRUE.equals(exists)) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute("drop index concurrently if exists retrieval." + indexName(collectionId));
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      log.warn("could not drop the HNSW graph of deleted collection {}: {}", collectionId, e.getMessage());
    }
  }
}
