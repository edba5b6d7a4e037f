package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * BM25 from packed blocks ranks exactly as the SQL that scores every posting; the packed copy holds exactly the
 * postings; a term whose postings changed since it was packed is read from the postings until it is packed again (by
 * the ingestion job that changed it, or shortly after deletes); another tenant sees no block.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // a low packing threshold, so that a small corpus has packed and unpacked terms
    properties = {"engram.retrieval.bm25.pack-from=40", "engram.retrieval.bm25.pack-delay=1s"})
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackedBm25Tests {

  @Autowired
  TestRestTemplate http;
  @Autowired
  LexicalRecall lexical;
  @Autowired
  PackedPostings packed;
  @Autowired
  CollectionStore collections;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  final ZipfCorpus corpus = new ZipfCorpus(7, 'p', 'z');
  RetrievalApi api;
  String tenant;

  @BeforeAll
  void corpus() {
    tenant = TestIdentities.uniqueTenant("packed");
    api = new RetrievalApi(http, tenant);
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections",
        Map.of("name", "zipf", "embeddingModel", "none"));
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    assertThat(api.ingest("zipf", corpus.documents("a", 1000, 5, 60, i -> Map.of())).get("state").asString()).isEqualTo("succeeded");
  }

  /** Runs random queries both ways; returns how many the service scored from packed blocks. */
  private long assertSameAsSql(int queries, int limit) {
    Collection collection = collections.require(tenant, "zipf");
    long before = lexical.packedSearches();
    int nonEmpty = 0;
    for (int q = 0; q < queries; q++) {
      Map<String, Double> terms = corpus.query();
      List<Candidate> fast = tenants.inTenant(tenant, () -> lexical.search(collection, terms, limit, SqlFragment.TRUE));
      List<Candidate> sql = tenants.inTenant(tenant,
          () -> lexical.searchBySql(collection, terms, limit, SqlFragment.TRUE, 0.9, 0.4));
      ZipfCorpus.assertSameRanking(terms, fast, sql);
      if (!sql.isEmpty()) {
        nonEmpty++;
      }
    }
    assertThat(nonEmpty).isGreaterThan(queries / 2);
    return lexical.packedSearches() - before;
  }

  private long stalePackedTerms(Collection collection) {
    return tenants.inTenant(tenant, () -> jdbc.sql("""
            select count(*) from packed_terms d join term_stats t on t.collection_id = d.collection_id and t.term = d.term
            where d.collection_id = ? and t.changes <> d.changes""").param(collection.id()).query(Long.class).single());
  }

  @Test
  void ranksExactlyAsTheSqlThatScoresEveryPosting() {
    Collection collection = collections.require(tenant, "zipf");
    packed.pack(collection); // whatever another test left stale
    assertThat(assertSameAsSql(150, 10)).as("queries scored from blocks").isGreaterThan(100);
    assertThat(assertSameAsSql(80, 100)).isGreaterThan(50);
  }

  @Test
  void theBlocksHoldExactlyThePostingsOfEachTermWithAtLeastThePackingThreshold() {
    Collection collection = collections.require(tenant, "zipf");
    packed.pack(collection);
    tenants.runInTenant(tenant, () -> {
      List<String> qualifying = jdbc.sql("select term from term_stats where collection_id = ? and df >= 40 order by term")
          .param(collection.id()).query(String.class).list();
      List<String> packedTerms = jdbc.sql("select term from packed_terms where collection_id = ? order by term")
          .param(collection.id()).query(String.class).list();
      assertThat(qualifying).hasSizeGreaterThan(20);
      assertThat(packedTerms).isEqualTo(qualifying);
      for (String term : qualifying) {
        List<String> expected = new ArrayList<>();
        float[] maxImpact = new float[1];
        jdbc.sql("select chunk_id, tf, dl, impact from postings where collection_id = ? and term = ? order by chunk_id")
            .params(collection.id(), term).query(rs -> {
              expected.add(rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getInt(3));
              maxImpact[0] = Math.max(maxImpact[0], rs.getFloat(4));
            });
        List<String> decoded = new ArrayList<>();
        float[] blockMax = new float[1];
        jdbc.sql("select data, max_impact, postings from packed_blocks where collection_id = ? and term = ? order by block")
            .params(collection.id(), term).query(rs -> {
              int before = decoded.size();
              PostingBlocks.decode(rs.getBytes(1), (chunk, tf, dl) -> decoded.add(chunk + ":" + tf + ":" + dl));
              assertThat(decoded.size() - before).isEqualTo(rs.getInt(3)).isLessThanOrEqualTo(PackedPostings.BLOCK);
              blockMax[0] = Math.max(blockMax[0], rs.getFloat(2));
            });
        assertThat(decoded).as(term).isEqualTo(expected);
        assertThat(blockMax[0]).as(term).isEqualTo(maxImpact[0]);
      }
    });
  }

  @Test
  void aTermChangedSinceItWasPackedIsReadFromThePostingsUntilPackedAgain() {
    Collection first = collections.require(tenant, "zipf");
    // longer chunks through a job (which packs at its end): fresh again, and still exact with avgdl, N and df moved
    assertThat(api.ingest("zipf", corpus.documents("long", 200, 120, 300, i -> Map.of())).get("state").asString()).isEqualTo("succeeded");
    Collection grown = collections.require(tenant, "zipf");
    assertThat(grown.averageLength()).isGreaterThan(1.3 * first.averageLength());
    assertThat(stalePackedTerms(grown)).isZero();
    assertThat(assertSameAsSql(60, 10)).isGreaterThan(40);
    // a term whose postings changed since its packing (its term_stats stamp moved) is read from the postings
    String commonest = corpus.vocabulary.get(0);
    tenants.runInTenant(tenant, () -> jdbc.sql("update term_stats set changes = nextval('term_changes') where collection_id = ? and term = ?")
        .params(grown.id(), commonest).update());
    assertThat(stalePackedTerms(grown)).isEqualTo(1);
    long before = lexical.packedSearches();
    List<Candidate> fast = tenants.inTenant(tenant, () -> lexical.search(grown, Map.of(commonest, 1.0), 10, SqlFragment.TRUE));
    assertThat(lexical.packedSearches()).as("a stale common term is not read from its blocks").isEqualTo(before);
    ZipfCorpus.assertSameRanking(Map.of(commonest, 1.0), fast,
        tenants.inTenant(tenant, () -> lexical.searchBySql(grown, Map.of(commonest, 1.0), 10, SqlFragment.TRUE, 0.9, 0.4)));
    PackedPostings.Packed again = packed.pack(grown);
    assertThat(again.terms()).isEqualTo(1);
    assertThat(again.dropped()).isEqualTo(1);
    assertThat(stalePackedTerms(grown)).isZero();
    // deletes make the terms of their chunks stale and are packed shortly after (pack-delay): exact all along
    for (int i = 0; i < 1000; i += 5) {
      ResponseEntity<String> r = api.call(HttpMethod.DELETE, "/v1/collections/zipf/documents/a" + i, null);
      assertThat(r.getStatusCode().value()).as(r.getBody()).isIn(204, 404);
    }
    Collection shrunk = collections.require(tenant, "zipf");
    assertSameAsSql(60, 20);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (stalePackedTerms(shrunk) > 0 && System.nanoTime() < deadline) {
      sleep(200);
    }
    assertThat(stalePackedTerms(shrunk)).as("stale terms 60 s after the last delete").isZero();
    assertThat(assertSameAsSql(60, 10)).isGreaterThan(40);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anotherTenantSeesNoBlock() {
    Collection collection = collections.require(tenant, "zipf");
    packed.pack(collection);
    long own = tenants.inTenant(tenant, () -> jdbc.sql("select count(*) from packed_blocks where collection_id = ?")
        .param(collection.id()).query(Long.class).single());
    assertThat(own).isPositive();
    String other = TestIdentities.uniqueTenant("packed-other");
    assertThat(tenants.inTenant(other, () -> jdbc.sql("select count(*) from packed_blocks").query(Long.class).single())).isZero();
    assertThat(tenants.inTenant(other, () -> jdbc.sql("select count(*) from packed_terms").query(Long.class).single())).isZero();
  }

  @Test
  void blocksRoundTripAnyIdsFrequenciesAndLengths() {
    Random r = new Random(3);
    for (int round = 0; round < 50; round++) {
      int size = 1 + r.nextInt(2000);
      long base = r.nextBoolean() ? r.nextLong(1L << 40) : r.nextLong(1000);
      java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
      while (ids.size() < size) {
        ids.add(base + r.nextLong(round % 2 == 0 ? size * 3L : 1L << 33));
      }
      long[] chunks = ids.stream().mapToLong(Long::longValue).toArray();
      int[] tf = new int[size];
      int[] dl = new int[size];
      for (int i = 0; i < size; i++) {
        tf[i] = 1 + (r.nextInt(10) == 0 ? r.nextInt(100_000) : r.nextInt(3));
        dl[i] = tf[i] + r.nextInt(r.nextBoolean() ? 100 : 5_000_000);
      }
      Postings.ImpactParameters impacts = new Postings.ImpactParameters(0.9, 0.4, 50);
      List<PostingBlocks.Block> blocks = PostingBlocks.encode(chunks, tf, dl, size, PackedPostings.BLOCK, impacts);
      List<long[]> decoded = new ArrayList<>();
      for (PostingBlocks.Block block : blocks) {
        float[] max = new float[1];
        PostingBlocks.decode(block.data(), (chunk, f, l) -> {
          decoded.add(new long[] {chunk, f, l});
          max[0] = Math.max(max[0], impacts.impact(f, l));
        });
        assertThat(block.maxImpact()).isEqualTo(max[0]);
      }
      List<long[]> expected = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        expected.add(new long[] {chunks[i], tf[i], dl[i]});
      }
      expected.sort(java.util.Comparator.comparingLong(a -> a[0]));
      assertThat(decoded).hasSize(size);
      for (int i = 0; i < size; i++) {
        assertThat(decoded.get(i)).isEqualTo(expected.get(i));
      }
    }
  }
}
