package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * BM25 by MaxScore ranks exactly as the SQL that scores every posting: same chunks, same
 * scores, in the same order, for queries mixing common and rare terms, with and without a metadata filter,
 * and still after the collection's statistics drift (documents of another length added, others deleted, so
 * N, avgdl and df all move away from what the impacts were computed with).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // every query takes the early-terminating path to its end
    properties = {"engram.retrieval.bm25.early-termination-above=0", "engram.retrieval.bm25.pack-from=0"})
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaxScoreBm25Tests {

  @Autowired
  TestRestTemplate http;
  @Autowired
  LexicalRecall lexical;
  @Autowired
  CollectionStore collections;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  final ZipfCorpus corpus = new ZipfCorpus(42, 'q', 'x');
  MaxScoreBm25 alwaysProbing;
  MaxScoreBm25 alwaysScanning;
  RetrievalApi api;
  String tenant;

  @BeforeAll
  void corpus() {
    alwaysProbing = new MaxScoreBm25(jdbc, 0, 1);
    alwaysScanning = new MaxScoreBm25(jdbc, MaxScoreBm25.PROBE_MIN, Long.MAX_VALUE / 1024);
    tenant = TestIdentities.uniqueTenant("impact");
    api = new RetrievalApi(http, tenant);
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections",
        Map.of("name", "zipf", "embeddingModel", "none"));
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    assertThat(api.ingest("zipf", corpus.documents("a", 1200, 5, 60, i -> Map.of("part", i % 4 == 0 ? "quarter" : "rest"))).get("state").asString()).isEqualTo("succeeded");
  }

  private void assertSameAsSql(int queries, int limit, SqlFragment filter) {
    Collection collection = collections.require(tenant, "zipf");
    long[] before = lexical.maxScoreCounters();
    long[] probingBefore = alwaysProbing.counters();
    long[] scanningBefore = alwaysScanning.counters();
    int nonEmpty = 0;
    for (int q = 0; q < queries; q++) {
      Map<String, Double> terms = corpus.query();
      List<Candidate> fast = tenants.inTenant(tenant, () -> lexical.search(collection, terms, limit, filter));
      List<Candidate> sql = tenants.inTenant(tenant, () -> lexical.searchBySql(collection, terms, limit, filter, 0.9, 0.4));
      // and with the first lower bound of theta always taken from the rarest terms' partial scores, the chunks
      // to complete completed by key lookups
      List<Candidate> probed = tenants.inTenant(tenant,
          () -> lexical.search(collection, terms, limit, filter, 0.9, 0.4, alwaysProbing, 0, false));
      ZipfCorpus.assertSameRanking(terms, probed, sql);
      // and with the chunks to complete always completed by scanning the non-essential terms' postings
      List<Candidate> scanned = tenants.inTenant(tenant,
          () -> lexical.search(collection, terms, limit, filter, 0.9, 0.4, alwaysScanning, 0, false));
      ZipfCorpus.assertSameRanking(terms, scanned, sql);
      ZipfCorpus.assertSameRanking(terms, fast, sql);
      if (!sql.isEmpty()) {
        nonEmpty++;
      }
    }
    assertThat(nonEmpty).isGreaterThan(queries / 2);
    // every query took MaxScore, and its pruning was real: some terms' postings were never scanned
    long[] after = lexical.maxScoreCounters();
    assertThat(after[0] - before[0]).isGreaterThanOrEqualTo(nonEmpty);
    long[] probing = alwaysProbing.counters();
    assertThat(probing[1] - probingBefore[1]).as("postings never scanned").isPositive();
    assertThat(probing[2] - probingBefore[2]).as("queries whose theta was raised by the partial scores of the rarest terms")
        .isPositive();
    assertThat(alwaysScanning.counters()[3] - scanningBefore[3]).as("queries completed by a scan").isPositive();
  }

  @Test
  void ranksExactlyAsTheSqlThatScoresEveryPosting() {
    assertSameAsSql(150, 10, SqlFragment.TRUE);
    assertSameAsSql(100, 100, SqlFragment.TRUE);
  }

  @Test
  void ranksExactlyWithAMetadataFilter() {
    SqlFragment quarter = MetadataFilter.toSql(Map.of("eq", Map.of("key", "part", "value", "quarter")), "c");
    assertSameAsSql(80, 20, quarter);
  }

  @Test
  void staysExactWhenTheStatisticsDrift() {
    Collection before = collections.require(tenant, "zipf");
    // much longer chunks (avgdl rises), then a quarter of the first documents go (N and df fall)
    assertThat(api.ingest("zipf", corpus.documents("long", 300, 120, 300, i -> Map.of("part", i % 4 == 0 ? "quarter" : "rest"))).get("state").asString()).isEqualTo("succeeded");
    for (int i = 0; i < 1200; i += 4) {
      ResponseEntity<String> r = api.call(HttpMethod.DELETE, "/v1/collections/zipf/documents/a" + i, null);
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(204);
    }
    Collection after = collections.require(tenant, "zipf");
    assertThat(after.averageLength()).isGreaterThan(1.5 * before.averageLength());
    // the kept frequencies equal a recount of the postings
    List<Map<String, Object>> wrong = tenants.inTenant(tenant, () -> jdbc.sql("""
            select t.term, t.df, (select count(*) from postings p where p.collection_id = t.collection_id and p.term = t.term) as n
            from term_stats t where t.collection_id = ? and t.df <> (select count(*) from postings p
              where p.collection_id = t.collection_id and p.term = t.term)""").param(after.id()).query().listOfRows());
    assertThat(wrong).isEmpty();
    assertSameAsSql(120, 10, SqlFragment.TRUE);
    assertSameAsSql(60, 100, SqlFragment.TRUE);
  }

  @Test
  void impactBoundHoldsForEveryAverageLength() {
    MaxScoreBm25.Parameters[] cases = {
        new MaxScoreBm25.Parameters(0.9, 0.4, 50, 50, 1000),
        new MaxScoreBm25.Parameters(0.9, 0.4, 50, 200, 1000),
        new MaxScoreBm25.Parameters(1.2, 0.75, 80, 20, 1000),
        new MaxScoreBm25.Parameters(0, 0.5, 10, 40, 1000)};
    for (MaxScoreBm25.Parameters p : cases) {
      for (int tf = 1; tf < 40; tf += 3) {
        for (int dl = tf; dl < 2000; dl += 37) {
          double reference = tf / (tf + p.k1() * (1 - p.b() + p.b() * dl / p.referenceAvgdl()));
          double now = tf / (tf + p.k1() * (1 - p.b() + p.b() * dl / p.avgdl()));
          assertThat(MaxScoreBm25.bound((float) reference, p)).as("%s tf %d dl %d", p, tf, dl)
              .isGreaterThanOrEqualTo(now);
        }
      }
    }
  }
}
