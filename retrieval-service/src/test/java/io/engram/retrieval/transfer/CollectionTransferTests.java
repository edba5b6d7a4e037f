package io.engram.retrieval.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Export and restore over HTTP, on the real database: a collection exported and restored into another answers the
 * same searches with the same scores and has the same BM25 statistics and rows; tenants stay apart; every bad dump
 * is a 4xx problem that writes nothing. Chunks are cut small (96 tokens) so that documents have several, and the
 * own-graph threshold is lowered so that a 1,200-chunk restore is "large".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "engram.retrieval.chunking.max-tokens=96", "engram.retrieval.chunking.overlap-tokens=16",
    "engram.retrieval.bulk.own-graph-from=1000", "engram.retrieval.restore.max-body-size=8MB"})
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionTransferTests {

  static final String NDJSON = "application/x-ndjson";
  static final List<String> QUERIES = List.of("why does my starter smell sour", "how do batteries wear out in the heat",
      "what to do when the generator does not start", "trains passing on a single line", "storing vaccines without electricity");

  @Autowired
  TestRestTemplate http;
  @Autowired
  CollectionStore collections;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  final String tenant = TestIdentities.uniqueTenant("transfer");
  RetrievalApi api;
  String dump;

  @BeforeAll
  void ingestAndExport() {
    api = new RetrievalApi(http, tenant);
    api.createCollection("notes");
    JsonNode job = api.ingest("notes", FieldNotes.documents());
    assertThat(job.get("state").asString()).isEqualTo("succeeded");
    ResponseEntity<String> exported = export(tenant, "notes");
    assertThat(exported.getStatusCode().value()).as(exported.getBody()).isEqualTo(200);
    assertThat(exported.getHeaders().getContentType().toString()).startsWith(NDJSON);
    dump = exported.getBody();
  }

  @Test
  void theDumpHasAHeaderEachDocumentWithItsChunksAndAnEndLine() {
    List<JsonNode> lines = lines(dump);
    JsonNode header = lines.getFirst();
    Collection notes = collections.require(tenant, "notes");
    assertThat(header.get("type").asString()).isEqualTo("collection");
    assertThat(header.get("format").asString()).isEqualTo("engram.collection");
    assertThat(header.get("version").asInt()).isEqualTo(1);
    assertThat(header.get("embeddingModel").asString()).isEqualTo(notes.embeddingModel());
    assertThat(header.get("dimensions").asInt()).isEqualTo(384);
    assertThat(header.get("chunking").get("strategy").asString()).isEqualTo("standard");
    assertThat(header.get("documents").asInt()).isEqualTo(8);
    assertThat(header.get("chunks").asInt()).isEqualTo(notes.chunkCount()).isGreaterThan(8);
    assertThat(lines.getLast().get("type").asString()).isEqualTo("end");
    assertThat(lines.getLast().get("chunks").asInt()).isEqualTo(notes.chunkCount());
    // every chunk follows its document, ordinals from 0, vectors of the model's size
    int expected = -1;
    for (JsonNode line : lines.subList(1, lines.size() - 1)) {
      if (line.get("type").asString().equals("document")) {
        expected = 0;
      } else {
        assertThat(line.get("ordinal").asInt()).isEqualTo(expected++);
        assertThat(line.get("vector").size()).isEqualTo(384);
      }
    }
    JsonNode runbookChunk = lines.stream().filter(l -> l.path("text").asString("").contains("standby generator")).findFirst().orElseThrow();
    assertThat(runbookChunk.get("metadata").get("headings").toString()).contains("Power failure");
  }

  @Test
  void aRestoredCollectionAnswersTheSameSearchesWithTheSameStatistics() {
    ResponseEntity<String> restored = restore(tenant, "notes-copy", dump);
    assertThat(restored.getStatusCode().value()).as(restored.getBody()).isEqualTo(201);
    JsonNode body = RetrievalApi.json(restored);
    Collection original = collections.require(tenant, "notes");
    Collection copy = collections.require(tenant, "notes-copy");
    assertThat(body.get("documentCount").asInt()).isEqualTo(original.documentCount());
    assertThat(body.get("ownGraph").asBoolean()).isFalse();
    assertThat(copy.id()).isNotEqualTo(original.id());
    // BM25's statistics: N, avgdl (total terms), df of every term, tf and dl of every posting
    assertThat(copy.chunkCount()).isEqualTo(original.chunkCount());
    assertThat(copy.totalTerms()).isEqualTo(original.totalTerms());
    assertThat(documentFrequencies(copy)).isEqualTo(documentFrequencies(original)).isNotEmpty();
    assertThat(postings(copy)).isEqualTo(postings(original));
    for (String query : QUERIES) {
      for (List<String> paths : List.of(List.of("bm25"), List.of("dense"), List.of("bm25", "dense"))) {
        List<String> a = hits(api.search("notes", Map.of("query", query, "paths", paths)));
        List<String> b = hits(api.search("notes-copy", Map.of("query", query, "paths", paths)));
        assertThat(b).as("%s %s", query, paths).isEqualTo(a).isNotEmpty();
      }
    }
    // and exported again, the copy is the same dump but for its name and time
    UnaryOperator<String> strip = d -> d.replaceFirst("\"exportedAt\":\"[^\"]*\"", "").replaceFirst("\"name\":\"[^\"]*\"", "");
    assertThat(strip.apply(export(tenant, "notes-copy").getBody())).isEqualTo(strip.apply(dump));
  }

  @Test
  void anotherTenantCannotExportItNorRestoreIntoIt() {
    String other = TestIdentities.uniqueTenant("transfer-other");
    ResponseEntity<String> r = export(other, "notes");
    assertThat(r.getStatusCode().value()).isEqualTo(404);
    assertThat(RetrievalApi.json(r).get("type").asString()).endsWith("collection-not-found");
    // the same name from another tenant is that tenant's own collection: tenant A's is untouched
    Collection before = collections.require(tenant, "notes");
    assertThat(restore(other, "notes", dump).getStatusCode().value()).isEqualTo(201);
    Collection after = collections.require(tenant, "notes");
    assertThat(after.chunkCount()).isEqualTo(before.chunkCount());
    assertThat(after.documentCount()).isEqualTo(before.documentCount());
    assertThat(collections.require(other, "notes").id()).isNotEqualTo(before.id());
    // and a key without write cannot restore at all
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(other, "read"));
    headers.setContentType(MediaType.parseMediaType(NDJSON));
    ResponseEntity<String> readOnly = http.exchange("/v1/collections/ro/restore", HttpMethod.POST, new HttpEntity<>(dump, headers), String.class);
    assertThat(readOnly.getStatusCode().value()).isEqualTo(403);
    assertThat(collections.find(other, "ro")).isEmpty();
  }

  @Test
  void badDumpsAreProblemsNamingTheLineAndWriteNothing() {
    List<String> lines = List.of(dump.split("\n"));
    int firstChunk = lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"type\":\"chunk\"")).findFirst().orElseThrow());
    record Case(String name, String body, int status, String type, Integer line) {
    }
    List<Case> cases = List.of(
        new Case("empty body", "", 400, "invalid-dump", 1),
        new Case("not a dump", "{\"documents\":[]}\n", 400, "invalid-dump", 1),
        new Case("a line that is not JSON", replace(lines, 3, "{\"type\":\"chunk\",\"ordinal\":"), 400, "invalid-dump", 4),
        new Case("cut short", String.join("\n", lines.subList(0, lines.size() - 3)) + "\n", 400, "invalid-dump", lines.size() - 2),
        new Case("a chunk before any document", String.join("\n", lines.getFirst(), lines.get(firstChunk), lines.getLast()),
            400, "invalid-dump", 2),
        new Case("a vector of the wrong size", replace(lines, firstChunk, lines.get(firstChunk).replaceFirst("\"vector\":\\[[^,]*,", "\"vector\":[")),
            400, "invalid-dump", firstChunk + 1),
        new Case("a chunk left out", String.join("\n", remove(lines, firstChunk + 1)), 400, "invalid-dump", firstChunk + 2),
        new Case("an end line that miscounts", replace(lines, lines.size() - 1, lines.getLast().replaceFirst("\"chunks\":\\d+", "\"chunks\":1")),
            400, "invalid-dump", lines.size()),
        new Case("a document twice", String.join("\n", insert(lines, lines.size() - 1, lines.get(1))), 400, "invalid-dump", null),
        new Case("vectors of another size than the model's", replace(lines, 0, lines.getFirst().replace("\"dimensions\":384", "\"dimensions\":512")),
            422, "restore-mismatch", null),
        new Case("a parent/child dump", replace(lines, 0, lines.getFirst().replace("\"strategy\":\"standard\"", "\"strategy\":\"parent-child\"")),
            422, "restore-unsupported", null),
        new Case("a newer format", replace(lines, 0, lines.getFirst().replace("\"version\":1", "\"version\":2")), 400, "invalid-dump", 1),
        new Case("a body over the limit", dump + "\n".repeat(9 * 1024 * 1024), 413, "payload-too-large", null));
    for (Case c : cases) {
      ResponseEntity<String> r = restore(tenant, "bad", c.body());
      assertThat(r.getStatusCode().value()).as("%s: %s", c.name(), r.getBody()).isEqualTo(c.status());
      assertThat(r.getHeaders().getContentType().toString()).as(c.name()).startsWith("application/problem+json");
      JsonNode problem = RetrievalApi.json(r);
      assertThat(problem.get("type").asString()).as(c.name()).endsWith(c.type());
      if (c.line() != null) {
        assertThat(problem.get("line").asInt()).as("%s: %s", c.name(), problem.get("detail")).isEqualTo(c.line());
      }
      assertThat(collections.find(tenant, "bad")).as(c.name()).isEmpty();
    }
    ResponseEntity<String> json = api.call(HttpMethod.POST, "/v1/collections/bad/restore", dump);
    assertThat(json.getStatusCode().value()).isEqualTo(415);
    assertThat(rowsOfTenant()).isEqualTo(rowsOfTenantExpected());
  }

  @Test
  void aNonEmptyTargetOrOneWithAnotherModelIsRefusedAndKept() {
    ResponseEntity<String> r = restore(tenant, "notes", dump);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(409);
    assertThat(RetrievalApi.json(r).get("type").asString()).endsWith("collection-not-empty");
    assertThat(collections.require(tenant, "notes").documentCount()).isEqualTo(8);

    // same dimensions (384), another model: its vectors would be compared with queries embedded differently
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections",
        Map.of("name", "minilm", "embeddingModel", "all-minilm-l6-v2"));
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    ResponseEntity<String> mismatch = restore(tenant, "minilm", dump);
    assertThat(mismatch.getStatusCode().value()).as(mismatch.getBody()).isEqualTo(422);
    JsonNode problem = RetrievalApi.json(mismatch);
    assertThat(problem.get("type").asString()).endsWith("restore-mismatch");
    assertThat(problem.get("detail").asString()).contains("all-minilm-l6-v2").contains(collections.require(tenant, "notes").embeddingModel());
    assertThat(collections.require(tenant, "minilm").chunkCount()).isZero();
  }

  @Test
  void aLargeRestoreGetsItsOwnGraphAndOneThatFailsLateWritesNothing() {
    String big = syntheticDump(1200);
    // the last chunk is broken: the first 1,000 chunks were already moved when it is read
    List<String> lines = List.of(big.split("\n"));
    String broken = replace(lines, lines.size() - 2, lines.get(lines.size() - 2).replaceFirst("\"text\":\"[^\"]*\"", "\"text\":7"));
    ResponseEntity<String> failed = restore(tenant, "big", broken);
    assertThat(failed.getStatusCode().value()).as(failed.getBody()).isEqualTo(400);
    assertThat(RetrievalApi.json(failed).get("line").asInt()).isEqualTo(lines.size() - 1);
    assertThat(collections.find(tenant, "big")).isEmpty();
    assertThat(rowsOfTenant()).isEqualTo(rowsOfTenantExpected());

    ResponseEntity<String> r = restore(tenant, "big", big);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(201);
    assertThat(RetrievalApi.json(r).get("ownGraph").asBoolean()).isTrue();
    assertThat(RetrievalApi.json(r).get("chunkCount").asInt()).isEqualTo(1200);
    ResponseEntity<String> search = api.search("big", Map.of("query", "harbour crane maintenance", "paths", List.of("bm25", "dense")));
    assertThat(search.getStatusCode().value()).as(search.getBody()).isEqualTo(200);
    assertThat(RetrievalApi.json(search).get("hits").size()).isEqualTo(10);
    api.call(HttpMethod.DELETE, "/v1/collections/big", null);
  }

  /** A dump of {@code chunks} one-chunk documents with random unit vectors, as a large collection's would look. */
  private String syntheticDump(int chunks) {
    Random random = new Random(18);
    String[] words = "harbour crane maintenance shift tide berth container vessel pilot mooring rope winch inspection log".split(" ");
    StringBuilder out = new StringBuilder("{\"type\":\"collection\",\"format\":\"engram.collection\",\"version\":1,\"name\":\"port\","
        + "\"language\":\"en\",\"embeddingModel\":\"" + collections.require(tenant, "notes").embeddingModel() + "\",\"dimensions\":384,"
        + "\"chunking\":{\"strategy\":\"standard\"},\"documents\":" + chunks + ",\"chunks\":" + chunks + "}\n");
    for (int d = 0; d < chunks; d++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 12; w++) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      StringBuilder vector = new StringBuilder("[");
      double[] v = random.doubles(384).map(x -> x - 0.5).toArray();
      double norm = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum());
      for (int i = 0; i < v.length; i++) {
        vector.append(i == 0 ? "" : ",").append((float) (v[i] / norm));
      }
      out.append("{\"type\":\"document\",\"id\":\"log-").append(d).append("\",\"title\":\"Shift log ").append(d)
          .append("\",\"contentHash\":\"h").append(d).append("\",\"metadata\":{}}\n");
      out.append("{\"type\":\"chunk\",\"ordinal\":0,\"text\":\"").append(text.toString().strip())
          .append("\",\"metadata\":{\"headings\":[]},\"contentHash\":\"c").append(d).append("\",\"tokenCount\":14,\"termCount\":12,\"vector\":")
          .append(vector).append("]}\n");
    }
    return out.append("{\"type\":\"end\",\"documents\":").append(chunks).append(",\"chunks\":").append(chunks).append("}\n").toString();
  }

  private long rowsOfTenantExpected() {
    return tenants.inTenant(tenant, () -> jdbc.sql("""
            select coalesce(sum(document_count + chunk_count), 0) from collections where tenant_id = ?""")
        .param(tenant).query(Long.class).single());
  }

  /** Documents and chunks of the tenant as rows (should equal what the collections count: nothing stray). */
  private long rowsOfTenant() {
    return tenants.inTenant(tenant, () -> jdbc.sql("""
            select (select count(*) from documents where tenant_id = ?) + (select count(*) from chunks where tenant_id = ?)""")
        .params(tenant, tenant).query(Long.class).single());
  }

  private Map<String, Integer> documentFrequencies(Collection c) {
    Map<String, Integer> df = new TreeMap<>();
    tenants.runInTenant(tenant, () -> jdbc.sql("select term, df from term_stats where collection_id = ?").param(c.id())
        .query((rs, n) -> df.put(rs.getString(1), rs.getInt(2))).list());
    return df;
  }

  /** Every posting as document/ordinal/term -> tf/dl. */
  private Map<String, String> postings(Collection c) {
    Map<String, String> all = new TreeMap<>();
    tenants.runInTenant(tenant, () -> jdbc.sql("""
            select d.external_id || '/' || k.ordinal || '/' || p.term, p.tf || '/' || p.dl
            from postings p join chunks k on k.id = p.chunk_id join documents d on d.id = k.document_id
            where p.collection_id = ?""").param(c.id())
        .query((rs, n) -> all.put(rs.getString(1), rs.getString(2))).list());
    return all;
  }

  /** Each hit as document, text and score (chunk ids differ between the copies). */
  private static List<String> hits(ResponseEntity<String> response) {
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    List<String> hits = new ArrayList<>();
    RetrievalApi.json(response).get("hits").forEach(h -> hits.add(h.get("documentId").asString() + " | "
        + String.format(java.util.Locale.ROOT, "%.6f", h.get("score").asDouble()) + " | " + h.get("text").asString()));
    return hits;
  }

  private ResponseEntity<String> export(String tenantId, String name) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenantId, "read"));
    return http.exchange("/v1/collections/" + name + "/export", HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }

  private ResponseEntity<String> restore(String tenantId, String name, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenantId, "read", "write"));
    headers.setContentType(MediaType.parseMediaType(NDJSON));
    return http.exchange("/v1/collections/" + name + "/restore", HttpMethod.POST,
        new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), headers), String.class);
  }

  private static List<JsonNode> lines(String dump) {
    return List.of(dump.split("\n")).stream().map(l -> (JsonNode) RetrievalApi.JSON.readTree(l)).toList();
  }

  private static String replace(List<String> lines, int index, String line) {
    List<String> copy = new ArrayList<>(lines);
    copy.set(index, line);
    return String.join("\n", copy) + "\n";
  }

  private static List<String> remove(List<String> lines, int index) {
    List<String> copy = new ArrayList<>(lines);
    copy.remove(index);
    return copy;
  }

  private static List<String> insert(List<String> lines, int index, String line) {
    List<String> copy = new ArrayList<>(lines);
    copy.add(index, line);
    return copy;
  }

}
