package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dense path is never silently exact, and a small collection among large ones (many tenants sharing
 * the table and its HNSW graph) still gets the neighbours exact search would give. Vectors are clustered
 * unit vectors written straight into the table without ANALYZE, as after a bulk load; the threshold between
 * exact and HNSW is lowered so that "large" fits a test.
 */
@SpringBootTest(properties = {"engram.retrieval.dense.exact-below=1000", "engram.retrieval.dense.hnsw-cost-ratio=0",
    "engram.retrieval.ingest.enabled=false"})
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenseRecallAccessTests {

  static final String MODEL = "all-minilm-l6-v2";
  static final int DIM = 384;

  @Autowired
  DenseRecall dense;
  @Autowired
  CollectionStore collections;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  final Random random = new Random(18);
  final float[][] centers = new float[40][];
  final Map<String, Map<Long, float[]>> vectors = new HashMap<>();
  final List<Collection> created = new ArrayList<>();
  final Set<Long> rare = new HashSet<>();
  Collection large;
  Collection medium;
  Collection small;

  @BeforeAll
  void fill() {
    for (int i = 0; i < centers.length; i++) {
      centers[i] = unit(gaussian(1.0));
    }
    for (int t = 0; t < 3; t++) {
      create("others-" + t, 1500, t % 2 == 0 ? "blue" : "red");
    }
    large = create("large", 1500, null);
    medium = create("medium", 1100, null);
    small = create("small", 150, null);
  }

  @AfterAll
  void drop() {
    created.forEach(c -> collections.delete(c.tenantId(), c.name()));
  }

  private Collection create(String name, int chunks, String colour) {
    String tenant = TestIdentities.uniqueTenant("dense-" + name);
    collections.create(tenant, name, "en", MODEL);
    Collection c = collections.require(tenant, name);
    Map<Long, float[]> rows = new HashMap<>();
    tenants.runInTenant(tenant, () -> {
      long doc = jdbc.sql("insert into documents (tenant_id, collection_id, external_id, content_hash) values (?, ?, 'd', 'h') returning id")
          .params(tenant, c.id()).query(Long.class).single();
      String[] literals = new String[chunks];
      String[] metadata = new String[chunks];
      float[][] made = new float[chunks][];
      for (int i = 0; i < chunks; i++) {
        made[i] = member();
        literals[i] = DenseRecall.literal(made[i]);
        String tag = colour != null ? colour : i % 10 == 0 ? "rare" : "common";
        metadata[i] = "{\"tag\":\"" + tag + "\"}";
      }
      List<long[]> ids = jdbc.sql("""
              insert into chunks (tenant_id, collection_id, document_id, ordinal, text, metadata, content_hash, token_count,
                term_count, model, embedding)
              select ?, ?, ?, u.n - 1, 'chunk', u.meta::jsonb, 'h', 1, 1, ?, u.vec::vector
              from unnest(?::text[], ?::text[]) with ordinality as u(vec, meta, n) order by u.n returning id, ordinal""")
          .params(tenant, c.id(), doc, MODEL, literals, metadata)
          .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
      for (long[] row : ids) {
        rows.put(row[0], made[(int) row[1]]);
        if (colour == null && row[1] % 10 == 0) {
          rare.add(row[0]);
        }
      }
      jdbc.sql("update collections set chunk_count = ?, document_count = 1 where id = ?").params(chunks, c.id()).update();
    });
    vectors.put(name, rows);
    Collection filled = collections.require(tenant, name);
    created.add(filled);
    return filled;
  }

  @Test
  void aLargeCollectionIsAnsweredByItsHnswIndexEvenWithStaleStatistics() {
    assertThat(dense.access(large)).isEqualTo(DenseRecall.Access.HNSW);
    String plan = tenants.inTenant(large.tenantId(), () -> dense.explain(large, member(), 100, SqlFragment.TRUE));
    assertThat(plan).contains("Index Scan using chunks_hnsw_all_minilm_l6_v2 ").doesNotContain("Sort");
    SqlFragment filter = MetadataFilter.toSql(Map.of("eq", Map.of("key", "tag", "value", "rare")), "c");
    String filtered = tenants.inTenant(large.tenantId(), () -> dense.explain(large, member(), 100, filter));
    assertThat(filtered).contains("Index Scan using chunks_hnsw_all_minilm_l6_v2 ").doesNotContain("Sort");
  }

  @Test
  void hnswIsChosenWhenItsWalkCostsLessThanAnExactScan() {
    // alone in its index, or a tenth of it: the walk is cheaper than reading every vector of the collection
    assertThat(DenseRecall.choose(5_000, 5_000, 100, 1_000, 2)).isEqualTo(DenseRecall.Access.HNSW);
    assertThat(DenseRecall.choose(10_000, 110_000, 100, 1_000, 2)).isEqualTo(DenseRecall.Access.HNSW);
    // 5,000 chunks among a million of the same model: the walk would visit mostly other tenants' vectors
    assertThat(DenseRecall.choose(5_000, 1_000_000, 100, 1_000, 2)).isEqualTo(DenseRecall.Access.EXACT);
    // a higher cost per visited tuple moves the line
    assertThat(DenseRecall.choose(10_000, 110_000, 100, 1_000, 40)).isEqualTo(DenseRecall.Access.EXACT);
    assertThat(DenseRecall.choose(500, 500, 100, 1_000, 0)).isEqualTo(DenseRecall.Access.EXACT);
  }

  @Test
  void aSmallCollectionIsSearchedExactlyThroughItsCollectionIndex() {
    assertThat(dense.access(small)).isEqualTo(DenseRecall.Access.EXACT);
    String plan = tenants.inTenant(small.tenantId(), () -> dense.explain(small, member(), 100, SqlFragment.TRUE));
    assertThat(plan).doesNotContain("hnsw").doesNotContain("Seq Scan").contains("chunks_collection");
  }

  @Test
  void smallAndMediumCollectionsAmongLargeOnesKeepRecallAt10AgainstExactSearch() {
    assertThat(recallAt10(small, SqlFragment.TRUE, null)).as("small (exact)").isGreaterThanOrEqualTo(0.95);
    assertThat(recallAt10(medium, SqlFragment.TRUE, null)).as("medium (HNSW, 1,100 of 7,250 rows)").isGreaterThanOrEqualTo(0.95);
    SqlFragment rare = MetadataFilter.toSql(Map.of("eq", Map.of("key", "tag", "value", "rare")), "c");
    assertThat(recallAt10(large, rare, "rare")).as("large, a filter keeping 1 chunk in 10 (iterative scan)")
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void aFilterThatMatchesNothingEndsEmptyInsteadOfWalkingForever() {
    SqlFragment none = MetadataFilter.toSql(Map.of("eq", Map.of("key", "tag", "value", "no-such-tag")), "c");
    assertThat(tenants.inTenant(large.tenantId(), () -> dense.search(large, member(), 100, none))).isEmpty();
  }

  private double recallAt10(Collection collection, SqlFragment filter, String tag) {
    Map<Long, float[]> rows = vectors.get(collection.name());
    Set<Long> allowed = new HashSet<>(rows.keySet());
    if (tag != null) {
      allowed.retainAll(rare);
    }
    double total = 0;
    int queries = 20;
    for (int q = 0; q < queries; q++) {
      float[] query = member();
      List<Long> exact = allowed.stream()
          .sorted(Comparator.comparingDouble((Long id) -> -dot(query, rows.get(id))).thenComparingLong(id -> id))
          .limit(10).toList();
      List<Long> found = tenants.inTenant(collection.tenantId(), () -> dense.search(collection, query, 100, filter))
          .stream().limit(10).map(Candidate::chunkId).toList();
      total += found.stream().filter(exact::contains).count() / 10.0;
    }
    return total / queries;
  }

  private float[] member() {
    float[] center = centers[random.nextInt(centers.length)];
    float[] noise = gaussian(0.08);
    float[] v = new float[DIM];
    IntStream.range(0, DIM).forEach(i -> v[i] = center[i] + noise[i]);
    return unit(v);
  }

  private float[] gaussian(double sigma) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double n = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / n);
    }
    return v;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
