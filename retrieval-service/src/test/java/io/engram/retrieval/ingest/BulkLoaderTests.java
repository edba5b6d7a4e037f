package io.engram.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.retrieval.chunking.SourceFormat;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.recall.Candidate;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.SqlFragment;
import io.engram.retrieval.collection.VectorGraphs;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
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
 * A bulk-loaded collection (COPY through staging tables, postings in term order, a graph of its own built after the
 * load) is searchable exactly as one written by ingestion: its BM25 statistics are exact, its vector queries go
 * through its own HNSW index with recall against exact search, later ingestion lands in the same graph, other
 * tenants see none of it, and its graph goes with it. The own-graph threshold is lowered so that "large" fits a test.
 */
@SpringBootTest(properties = {"engram.retrieval.bulk.own-graph-from=1000", "engram.retrieval.dense.exact-below=500",
    "engram.retrieval.dense.hnsw-cost-ratio=0"})
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkLoaderTests {

  static final String MODEL = "all-minilm-l6-v2";
  static final int DIM = 384;
  static final String[] WORDS = ("alpha beta gamma delta epsilon zeta theta iota kappa lambda omicron sigma tau upsilon "
      + "phi chi psi omega river stone cloud forest ember glacier harbor island meadow orbit prairie quartz").split(" ");

  @Autowired
  BulkLoader bulk;
  @Autowired
  CollectionStore collections;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  DenseRecall dense;
  @Autowired
  LexicalRecall lexical;
  @Autowired
  IngestionJobs jobs;

  final Random random = new Random(1818);
  final float[][] centers = new float[30][];
  final Map<Long, float[]> vectors = new HashMap<>();
  final Map<Long, Map<String, Integer>> frequencies = new HashMap<>();
  final Map<Long, Integer> lengths = new HashMap<>();
  Collection loaded;
  BulkLoader.Result result;

  @BeforeAll
  void load() {
    for (int i = 0; i < centers.length; i++) {
      centers[i] = unit(gaussian(1.0));
    }
    String tenant = TestIdentities.uniqueTenant("bulk");
    Collection created = collections.create(tenant, "bulk", "en", MODEL);
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    List<BulkLoader.Document> docs = new ArrayList<>();
    for (int d = 0; d < 600; d++) {
      List<BulkLoader.Chunk> chunks = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        StringBuilder text = new StringBuilder();
        int length = 5 + random.nextInt(30);
        for (int w = 0; w < length; w++) {
          // a skewed vocabulary: common and rare terms, as in text
          text.append(WORDS[(int) Math.min(WORDS.length - 1, Math.abs(random.nextGaussian()) * 8)]).append(' ');
        }
        // tabs, newlines and backslashes must survive COPY's text format
        String body = text.toString().trim() + (d % 7 == 0 ? "\tpath C:\\data\nline two" : "");
        List<String> terms = analyzer.terms(body);
        Map<String, Integer> tf = new HashMap<>();
        terms.forEach(t -> tf.merge(t, 1, Integer::sum));
        chunks.add(new BulkLoader.Chunk(body, "h" + d + "-" + c, "{\"headings\":[]}", terms.size(), terms.size(), tf, member()));
      }
      docs.add(new BulkLoader.Document("doc-" + d, d % 3 == 0 ? null : "Title " + d, "h" + d, "{\"n\":" + d + "}", chunks));
    }
    result = bulk.load(created, 1200, sink -> {
      for (int from = 0; from < docs.size(); from += 250) {
        sink.add(docs.subList(from, Math.min(docs.size(), from + 250)));
      }
    });
    loaded = collections.require(tenant, "bulk");
    tenants.runInTenant(tenant, () -> jdbc.sql("select id, embedding::text, term_count from chunks where collection_id = ? order by id")
        .param(loaded.id()).query((rs, n) -> {
          vectors.put(rs.getLong(1), parse(rs.getString(2)));
          lengths.put(rs.getLong(1), rs.getInt(3));
          return null;
        }).list());
    tenants.runInTenant(tenant, () -> jdbc.sql("select chunk_id, term, tf from postings where collection_id = ?")
        .param(loaded.id()).query((rs, n) -> frequencies.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
            .put(rs.getString(2), rs.getInt(3))).list());
  }

  @AfterAll
  void drop() {
    collections.delete(loaded.tenantId(), loaded.name());
  }

  @Test
  void theLoadIsCountedAndItsTextSurvivesCopy() {
    assertThat(result.documents()).isEqualTo(600);
    assertThat(result.chunks()).isEqualTo(1200);
    assertThat(result.ownGraph()).isTrue();
    assertThat(loaded.documentCount()).isEqualTo(600);
    assertThat(loaded.chunkCount()).isEqualTo(1200);
    long terms = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("select sum(term_count) from chunks where collection_id = ?")
        .param(loaded.id()).query(Long.class).single());
    assertThat(loaded.totalTerms()).isEqualTo(terms);
    String text = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("""
            select c.text from chunks c join documents d on d.id = c.document_id
            where d.collection_id = ? and d.external_id = 'doc-7' and c.ordinal = 0""").param(loaded.id()).query(String.class).single());
    assertThat(text).endsWith("\tpath C:\\data\nline two");
    String title = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("select coalesce(title, '<null>') from documents where collection_id = ? and external_id = 'doc-3'")
        .param(loaded.id()).query(String.class).single());
    assertThat(title).isEqualTo("<null>");
  }

  @Test
  void documentFrequenciesAndImpactsAreWhatIngestionWouldWrite() {
    Map<String, Integer> df = new HashMap<>();
    frequencies.values().forEach(m -> m.keySet().forEach(t -> df.merge(t, 1, Integer::sum)));
    Map<String, Integer> stored = new HashMap<>();
    tenants.runInTenant(loaded.tenantId(), () -> jdbc.sql("select term, df from term_stats where collection_id = ?")
        .param(loaded.id()).query((rs, n) -> stored.put(rs.getString(1), rs.getInt(2))).list());
    assertThat(stored).isEqualTo(df);
    // every impact as Postings computes it from the collection's reference parameters
    List<String> wrong = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("""
            select p.term || '/' || p.chunk_id from postings p join collections c on c.id = p.collection_id
            where p.collection_id = ? and p.impact <> (p.tf / (p.tf + c.impact_k1 * (1 - c.impact_b + c.impact_b * p.dl / c.impact_avgdl)))::real""")
        .param(loaded.id()).query(String.class).list());
    assertThat(wrong).isEmpty();
  }

  @Test
  void itsPostingsAreReadByIndexOnlyScansWithoutHeapFetches() {
    // the load vacuums the postings: their pages are all-visible, so BM25's scans of the impact index read
    // no heap page (autovacuum would not mark them soon on a large shared table)
    String term = WORDS[0];
    List<String> plan = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("""
            explain (analyze, costs off, timing off) select p.chunk_id, p.tf, p.dl from postings p
            where p.collection_id = ? and p.term = ? and p.tenant_id = ? order by p.impact desc""")
        .params(loaded.id(), TextAnalyzers.forLanguage("en").terms(term).getFirst(), loaded.tenantId()).query(String.class).list());
    assertThat(String.join("\n", plan)).contains("Index Only Scan").contains("Heap Fetches: 0");
  }

  @Test
  void bm25ScoresTheBulkLoadedCollectionAsComputedFromItsText() {
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    Map<String, Integer> df = new HashMap<>();
    frequencies.values().forEach(m -> m.keySet().forEach(t -> df.merge(t, 1, Integer::sum)));
    double n = lengths.size();
    double avgdl = lengths.values().stream().mapToInt(Integer::intValue).sum() / n;
    for (int q = 0; q < 20; q++) {
      Map<String, Double> query = new HashMap<>();
      for (String word : List.of(WORDS[random.nextInt(12)], WORDS[random.nextInt(WORDS.length)])) {
        analyzer.terms(word).forEach(t -> query.merge(t, 1.0, Double::sum));
      }
      List<Double> expected = frequencies.entrySet().stream().map(e -> {
        double score = 0;
        for (Map.Entry<String, Double> t : query.entrySet()) {
          Integer tf = e.getValue().get(t.getKey());
          if (tf != null) {
            double idf = Math.log(1 + (n - df.get(t.getKey()) + 0.5) / (df.get(t.getKey()) + 0.5));
            score += t.getValue() * idf * tf / (tf + 0.9 * (1 - 0.4 + 0.4 * lengths.get(e.getKey()) / avgdl));
          }
        }
        return score;
      }).filter(s -> s > 0).sorted(Comparator.reverseOrder()).limit(10).toList();
      List<Candidate> found = tenants.inTenant(loaded.tenantId(), () -> lexical.search(loaded, query, 10, SqlFragment.TRUE));
      assertThat(expected).isNotEmpty();
      assertThat(found).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(found.get(i).score()).as("rank %d of %s", i + 1, query).isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @Test
  void itsVectorQueriesGoThroughItsOwnGraphWithRecallAgainstExactSearch() {
    String plan = tenants.inTenant(loaded.tenantId(), () -> dense.explain(loaded, member(), 100, SqlFragment.TRUE));
    assertThat(plan).contains("Index Scan using " + VectorGraphs.indexName(loaded.id()) + " ").doesNotContain("Sort");
    assertThat(tenants.inTenant(loaded.tenantId(), () -> dense.access(loaded))).isEqualTo(DenseRecall.Access.HNSW);
    // the rows are in the collection's graph, not in the model's shared one
    long shared = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("select count(*) from chunks where collection_id = ? and model = ?")
        .params(loaded.id(), MODEL).query(Long.class).single());
    assertThat(shared).isZero();
    double total = 0;
    for (int q = 0; q < 20; q++) {
      float[] query = member();
      List<Long> exact = vectors.keySet().stream()
          .sorted(Comparator.comparingDouble((Long id) -> -dot(query, vectors.get(id))).thenComparingLong(id -> id)).limit(10).toList();
      List<Long> found = tenants.inTenant(loaded.tenantId(), () -> dense.search(loaded, query, 100, SqlFragment.TRUE))
          .stream().limit(10).map(Candidate::chunkId).toList();
      total += found.stream().filter(exact::contains).count() / 10.0;
    }
    assertThat(total / 20).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void otherTenantsSeeNothingOfIt() {
    String other = TestIdentities.uniqueTenant("bulk-other");
    long rows = tenants.inTenant(other, () -> jdbc.sql("""
            select (select count(*) from chunks where collection_id = ?) + (select count(*) from postings where collection_id = ?)
              + (select count(*) from term_stats where collection_id = ?) + (select count(*) from documents where collection_id = ?)""")
        .params(loaded.id(), loaded.id(), loaded.id(), loaded.id()).query(Long.class).single());
    assertThat(rows).isZero();
    assertThat(tenants.inTenant(other, () -> dense.search(loaded, member(), 10, SqlFragment.TRUE))).isEmpty();
    // nothing is left behind in the session: the staging tables went with the load's transaction
    assertThat(jdbc.sql("select count(*) from pg_class where relname like 'bulk\\_%' and relpersistence = 't'").query(Long.class).single()).isZero();
  }

  @Test
  void aCollectionWithChunksIsRefused() {
    assertThatThrownBy(() -> bulk.load(loaded, 10, sink -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("empty collection");
  }

  @Test
  void aSmallLoadStaysInTheSharedGraphAndLaterIngestionFollowsTheCollectionsGraph() throws InterruptedException {
    String tenant = TestIdentities.uniqueTenant("bulk-small");
    Collection small = collections.create(tenant, "small", "en", MODEL);
    float[] v = member();
    BulkLoader.Result r = bulk.load(small, 1, sink -> sink.add(List.of(new BulkLoader.Document("one", "One", "h", "{}",
        List.of(new BulkLoader.Chunk("one chunk", "h", "{}", 2, 2, Map.of("one", 1, "chunk", 1), v))))));
    assertThat(r.ownGraph()).isFalse();
    assertThat(tenants.inTenant(tenant, () -> jdbc.sql("select model from chunks where tenant_id = ?").param(tenant)
        .query(String.class).list())).containsExactly(MODEL);
    collections.delete(tenant, "small");

    // a document ingested later into the bulk-loaded collection joins its own graph
    JobView job = jobs.submit(loaded.tenantId(), loaded.name(), List.of(new DocumentInput("later", "Later",
        "A later document about glaciers and harbors.", null, SourceFormat.TEXT)), null);
    for (int i = 0; i < 600 && !job.finished(); i++) {
      Thread.sleep(100);
      job = jobs.view(loaded.tenantId(), job.jobId()).orElseThrow();
    }
    assertThat(job.state()).isEqualTo("succeeded");
    Collection now = collections.require(loaded.tenantId(), loaded.name());
    Object[] later = tenants.inTenant(loaded.tenantId(), () -> jdbc.sql("""
            select c.id, c.model, c.embedding::text from chunks c join documents d on d.id = c.document_id
            where d.collection_id = ? and d.external_id = 'later'""").param(loaded.id())
        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}).single());
    assertThat(later[1]).isEqualTo(VectorGraphs.ownKey(loaded));
    List<Candidate> found = tenants.inTenant(loaded.tenantId(), () -> dense.search(now, parse((String) later[2]), 10, SqlFragment.TRUE));
    assertThat(found.getFirst().chunkId()).isEqualTo((Long) later[0]);
    jobs.deleteDocument(loaded.tenantId(), loaded.name(), "later");
  }

  @Test
  void aLoadThatFailsWritesNothingAndTheCollectionCanBeLoadedAgain() {
    String tenant = TestIdentities.uniqueTenant("bulk-fail");
    Collection target = collections.create(tenant, "target", "en", MODEL);
    BulkLoader.Document good = new BulkLoader.Document("good", null, "h", "{}",
        List.of(new BulkLoader.Chunk("good words", "h", "{}", 2, 2, Map.of("good", 1, "word", 1), member())));
    BulkLoader.Document broken = new BulkLoader.Document("broken", null, "h", "{not json",
        List.of(new BulkLoader.Chunk("broken words", "h", "{}", 2, 2, Map.of("broken", 1, "word", 1), member())));
    assertThatThrownBy(() -> bulk.load(target, 2, sink -> {
      sink.add(List.of(good));
      sink.add(List.of(broken));
    })).isInstanceOf(RuntimeException.class);
    long left = tenants.inTenant(tenant, () -> jdbc.sql("""
            select (select count(*) from documents where collection_id = ?) + (select count(*) from chunks where collection_id = ?)
              + (select count(*) from postings where collection_id = ?) + (select count(*) from term_stats where collection_id = ?)""")
        .params(target.id(), target.id(), target.id(), target.id()).query(Long.class).single());
    assertThat(left).isZero();
    assertThat(collections.require(tenant, "target").chunkCount()).isZero();
    assertThat(bulk.load(target, 1, sink -> sink.add(List.of(good))).chunks()).isEqualTo(1);
    assertThat(collections.require(tenant, "target").chunkCount()).isEqualTo(1);
    collections.delete(tenant, "target");
  }

  @Test
  void aDeletedCollectionTakesItsGraphWithIt() {
    String tenant = TestIdentities.uniqueTenant("bulk-gone");
    Collection gone = collections.create(tenant, "gone", "en", MODEL);
    List<BulkLoader.Document> docs = IntStream.range(0, 1000).mapToObj(i -> new BulkLoader.Document("d" + i, null, "h", "{}",
        List.of(new BulkLoader.Chunk("word " + i, "h", "{}", 2, 2, Map.of("word", 1, String.valueOf(i), 1), member())))).toList();
    assertThat(bulk.load(gone, docs.size(), sink -> sink.add(docs)).ownGraph()).isTrue();
    Set<String> before = indexes();
    assertThat(before).contains(VectorGraphs.indexName(gone.id()));
    collections.delete(tenant, "gone");
    assertThat(indexes()).doesNotContain(VectorGraphs.indexName(gone.id()));
  }

  private Set<String> indexes() {
    return new HashSet<>(jdbc.sql("select indexname from pg_indexes where schemaname = 'retrieval' and tablename = 'chunks'")
        .query(String.class).list());
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

  private static float[] parse(String literal) {
    String[] parts = literal.substring(1, literal.length() - 1).split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
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
