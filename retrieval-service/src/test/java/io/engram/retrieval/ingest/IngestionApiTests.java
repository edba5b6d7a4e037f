package io.engram.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class IngestionApiTests {

  @Autowired
  TestRestTemplate http;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  private record Stored(String tenant, RetrievalApi api) {
  }

  private Stored fresh(String collection) {
    String tenant = TestIdentities.uniqueTenant("ingest");
    RetrievalApi api = new RetrievalApi(http, tenant);
    api.createCollection(collection);
    return new Stored(tenant, api);
  }

  private List<Long> chunkIds(String tenant, String documentId) {
    return tenants.inTenant(tenant, () -> jdbc.sql("""
            select c.id from chunks c join documents d on d.id = c.document_id where d.external_id = ? order by c.id""")
        .param(documentId).query(Long.class).list());
  }

  private long count(String tenant, String sql) {
    return tenants.inTenant(tenant, () -> jdbc.sql(sql).query(Long.class).single());
  }

  @Test
  void resendingTheSameDocumentChangesNothingAndChangedContentReplacesItsChunks() {
    Stored s = fresh("docs");
    List<Map<String, Object>> docs = List.of(RetrievalApi.doc("a", "Alpha", "Aardvarks eat ants at night.", Map.of("v", 1)),
        RetrievalApi.doc("b", "Beta", "Bees make honey in hives.", null));
    assertThat(s.api().ingest("docs", docs).get("succeeded").asInt()).isEqualTo(2);
    List<Long> before = chunkIds(s.tenant(), "a");
    long postings = count(s.tenant(), "select count(*) from postings");

    JsonNode again = s.api().ingest("docs", docs);
    assertThat(again.get("state").asString()).isEqualTo("succeeded");
    assertThat(chunkIds(s.tenant(), "a")).isEqualTo(before);
    assertThat(count(s.tenant(), "select count(*) from postings")).isEqualTo(postings);

    s.api().ingest("docs", List.of(RetrievalApi.doc("a", "Alpha", "Zebras graze on savanna grass.", Map.of("v", 2))));
    assertThat(chunkIds(s.tenant(), "a")).hasSize(1).doesNotContainAnyElementsOf(before);
    assertThat(count(s.tenant(), "select count(*) from postings where term = 'aardvark'")).isZero();
    assertThat(count(s.tenant(), "select count(*) from postings where term = 'zebra'")).isEqualTo(1);
    JsonNode collection = RetrievalApi.json(s.api().call(HttpMethod.GET, "/v1/collections/docs", null));
    assertThat(collection.get("documentCount").asInt()).isEqualTo(2);
    assertThat(collection.get("chunkCount").asInt()).isEqualTo(2);
    JsonNode hit = RetrievalApi.json(s.api().search("docs", Map.of("query", "zebra", "topK", 1))).get("hits").get(0);
    assertThat(hit.get("documentId").asString()).isEqualTo("a");
    assertThat(hit.get("metadata").get("v").asInt()).isEqualTo(2);
  }

  @Test
  void deletingADocumentRemovesItsChunksAndPostingsAndKeepsStatisticsExact() {
    Stored s = fresh("del");
    s.api().ingest("del", List.of(RetrievalApi.doc("x", "X", "Quasars emit radio waves.", null),
        RetrievalApi.doc("y", "Y", "Pulsars rotate quickly.", null)));
    ResponseEntity<String> deleted = s.api().call(HttpMethod.DELETE, "/v1/collections/del/documents/x", null);
    assertThat(deleted.getStatusCode().value()).isEqualTo(204);
    assertThat(chunkIds(s.tenant(), "x")).isEmpty();
    assertThat(count(s.tenant(), "select count(*) from postings where term = 'quasar'")).isZero();
    assertThat(count(s.tenant(), "select count(*) from chunks")).isEqualTo(1);
    long terms = count(s.tenant(), "select sum(term_count) from chunks");
    assertThat(count(s.tenant(), "select total_terms from collections where name = 'del'")).isEqualTo(terms);
    assertThat(RetrievalApi.json(s.api().search("del", Map.of("query", "quasars radio"))).get("hits").findValuesAsString("documentId"))
        .doesNotContain("x");
    assertThat(s.api().call(HttpMethod.DELETE, "/v1/collections/del/documents/x", null).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void oneBadDocumentFailsAloneAndIsReportedInTheJob() {
    Stored s = fresh("mixed");
    List<Map<String, Object>> docs = new ArrayList<>();
    docs.add(RetrievalApi.doc("good-1", "G1", "Rivers carve canyons over millions of years.", null));
    docs.add(Map.of("id", "no-text", "title", "T"));
    docs.add(Map.of("id", "bad-metadata", "text", "Some text.", "metadata", List.of(1, 2)));
    docs.add(Map.of("text", "No id at all."));
    docs.add(RetrievalApi.doc("nul", "N", "Text with a \u0000 NUL.", null));
    docs.add(RetrievalApi.doc("good-2", "G2", "Glaciers move slowly downhill.", null));
    JsonNode job = s.api().ingest("mixed", docs);
    assertThat(job.get("state").asString()).isEqualTo("succeeded");
    assertThat(job.get("total").asInt()).isEqualTo(6);
    assertThat(job.get("succeeded").asInt()).isEqualTo(2);
    assertThat(job.get("failed").asInt()).isEqualTo(4);
    assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
    Map<String, String> errors = new LinkedHashMap<>();
    job.get("errors").forEach(e -> errors.put(e.get("documentId").asString(), e.get("message").asString()));
    assertThat(errors).containsEntry("no-text", "text is missing or blank").containsEntry("bad-metadata", "metadata must be a JSON object")
        .containsEntry("", "id is missing").containsEntry("nul", "contains NUL characters");
    assertThat(count(s.tenant(), "select count(*) from documents")).isEqualTo(2);
  }

  @Test
  void aJobWhoseDocumentsAllFailIsFailed() {
    Stored s = fresh("allbad");
    JsonNode job = s.api().ingest("allbad", List.of(Map.of("id", "e1", "text", " ")));
    assertThat(job.get("state").asString()).isEqualTo("failed");
    assertThat(job.get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstJob() {
    Stored s = fresh("idem");
    String body = "{\"documents\":[{\"id\":\"k\",\"text\":\"Kites fly in wind.\"}]}";
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(s.tenant(), "write", "read"));
    headers.set("Idempotency-Key", "batch-0001");
    headers.setContentType(MediaType.APPLICATION_JSON);
    String first = RetrievalApi.json(http.exchange("/v1/collections/idem/documents", HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(body, headers), String.class)).get("jobId").asString();
    String second = RetrievalApi.json(http.exchange("/v1/collections/idem/documents", HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(body, headers), String.class)).get("jobId").asString();
    assertThat(second).isEqualTo(first);
    s.api().awaitJob(first);
    assertThat(count(s.tenant(), "select count(*) from ingestion_jobs")).isEqualTo(1);
  }

  @Test
  void uploadedMarkdownHtmlTextAndPdfBecomeDocumentsWithHeadings() throws IOException {
    Stored s = fresh("files");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("guide.md", "# Guide\n\n## Install\n\nRun the installer with sudo.\n".getBytes(StandardCharsets.UTF_8));
    files.put("page.html", "<html><body><h1>Manual</h1><h2>Cleaning</h2><p>Wipe the lens gently.</p></body></html>"
        .getBytes(StandardCharsets.UTF_8));
    files.put("notes.txt", "Plain notes about tomatoes.".getBytes(StandardCharsets.UTF_8));
    files.put("report.pdf", pdf("Quarterly revenue grew by twelve percent."));
    JsonNode job = s.api().upload("files", files);
    assertThat(job.get("succeeded").asInt()).as(job.toString()).isEqualTo(4);

    JsonNode md = RetrievalApi.json(s.api().search("files", Map.of("query", "installer sudo", "topK", 1))).get("hits").get(0);
    assertThat(md.get("documentId").asString()).isEqualTo("guide.md");
    assertThat(md.get("title").asString()).isEqualTo("guide");
    assertThat(md.get("metadata").get("headings").toString()).isEqualTo("[\"Guide\",\"Install\"]");
    JsonNode html = RetrievalApi.json(s.api().search("files", Map.of("query", "lens cleaning", "topK", 1))).get("hits").get(0);
    assertThat(html.get("documentId").asString()).isEqualTo("page.html");
    assertThat(html.get("text").asString()).isEqualTo("Wipe the lens gently.");
    assertThat(html.get("metadata").get("headings").toString()).isEqualTo("[\"Manual\",\"Cleaning\"]");
    JsonNode pdf = RetrievalApi.json(s.api().search("files", Map.of("query", "revenue growth", "topK", 1))).get("hits").get(0);
    assertThat(pdf.get("documentId").asString()).isEqualTo("report.pdf");
    assertThat(pdf.get("text").asString()).contains("Quarterly revenue grew");
  }

  @Test
  void badUploadsAreProblemsAndStoreNothing() {
    Stored s = fresh("badfiles");
    ResponseEntity<String> exe = s.api().call(HttpMethod.POST, "/v1/collections/badfiles/documents",
        RetrievalApi.multipart(Map.of("tool.exe", new byte[] {0x4d, 0x5a})));
    assertThat(exe.getStatusCode().value()).isEqualTo(415);
    assertThat(exe.getBody()).contains("unsupported-file-type");
    ResponseEntity<String> latin1 = s.api().call(HttpMethod.POST, "/v1/collections/badfiles/documents",
        RetrievalApi.multipart(Map.of("bad.txt", new byte[] {'c', 'a', 'f', (byte) 0xe9, ' ', (byte) 0xff})));
    assertThat(latin1.getStatusCode().value()).isEqualTo(400);
    assertThat(latin1.getBody()).contains("invalid-encoding");
    ResponseEntity<String> brokenPdf = s.api().call(HttpMethod.POST, "/v1/collections/badfiles/documents",
        RetrievalApi.multipart(Map.of("broken.pdf", "not a pdf".getBytes(StandardCharsets.UTF_8))));
    assertThat(brokenPdf.getStatusCode().value()).isEqualTo(400);
    byte[] big = new byte[50 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    ResponseEntity<String> tooLarge = s.api().call(HttpMethod.POST, "/v1/collections/badfiles/documents",
        RetrievalApi.multipart(Map.of("big.txt", big)));
    assertThat(tooLarge.getStatusCode().value()).isEqualTo(413);
    assertThat(tooLarge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(count(s.tenant(), "select count(*) from ingestion_jobs")).isZero();
  }

  @Test
  void badRequestsAreProblems() {
    Stored s = fresh("badreq");
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections/nope/documents",
        Map.of("documents", List.of(RetrievalApi.doc("a", "A", "text", null)))).getStatusCode().value()).isEqualTo(404);
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections/badreq/documents", Map.of("documents", List.of()))
        .getBody()).contains("no-documents");
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections/badreq/documents", "{\"documents\": 5}").getStatusCode().value())
        .isEqualTo(400);
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections/badreq/documents", new byte[] {'{', (byte) 0xc3, '}'}).getStatusCode()
        .value()).isEqualTo(400);
    assertThat(s.api().call(HttpMethod.GET, "/v1/jobs/not-a-uuid", null).getStatusCode().value()).isEqualTo(404);
    assertThat(s.api().call(HttpMethod.GET, "/v1/jobs/" + java.util.UUID.randomUUID(), null).getStatusCode().value()).isEqualTo(404);
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections", Map.of("name", "bad name!")).getBody()).contains("invalid-collection-name");
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections", Map.of("name", "badreq")).getStatusCode().value()).isEqualTo(409);
    assertThat(s.api().call(HttpMethod.POST, "/v1/collections", Map.of("name", "m", "embeddingModel", "gpt-embed")).getBody())
        .contains("unknown-embedding-model");
    RetrievalApi readOnly = new RetrievalApi(http, s.tenant(), "read");
    assertThat(readOnly.call(HttpMethod.POST, "/v1/collections/badreq/documents",
        Map.of("documents", List.of(RetrievalApi.doc("a", "A", "text", null)))).getStatusCode().value()).isEqualTo(403);
    assertThat(readOnly.call(HttpMethod.DELETE, "/v1/collections/badreq", null).getStatusCode().value()).isEqualTo(403);
  }

  @Test
  void collectionsAreListedAndDeletedWithEverythingInThem() {
    Stored s = fresh("gone");
    s.api().ingest("gone", List.of(RetrievalApi.doc("a", "A", "Owls hunt at night.", null)));
    JsonNode list = RetrievalApi.json(s.api().call(HttpMethod.GET, "/v1/collections", null));
    assertThat(list.findValuesAsString("name")).containsExactly("gone");
    assertThat(list.get(0).get("embeddingModel").asString()).as("the English default").isEqualTo("e5-small-v2-q");
    assertThat(list.get(0).get("language").asString()).isEqualTo("en");
    assertThat(s.api().call(HttpMethod.DELETE, "/v1/collections/gone", null).getStatusCode().value()).isEqualTo(204);
    assertThat(count(s.tenant(), "select count(*) from chunks")).isZero();
    assertThat(count(s.tenant(), "select count(*) from postings")).isZero();
    assertThat(s.api().call(HttpMethod.GET, "/v1/collections/gone", null).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void collectionsArePagedByNameWithACursorAndUnpagedWithoutALimit() {
    Stored s = fresh("c-1");
    for (String name : List.of("c-2", "c-3", "c-4", "c-5")) {
      s.api().createCollection(name);
    }
    List<String> seen = new java.util.ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ResponseEntity<String> page = s.api().call(HttpMethod.GET,
          "/v1/collections?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
      assertThat(page.getStatusCode().value()).isEqualTo(200);
      List<String> names = RetrievalApi.json(page).findValuesAsString("name");
      assertThat(names).hasSizeLessThanOrEqualTo(2);
      seen.addAll(names);
      cursor = page.getHeaders().getFirst("X-Next-Cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).containsExactly("c-1", "c-2", "c-3", "c-4", "c-5");
    assertThat(pages).isEqualTo(3);
    // existing callers: no limit, the whole list and no cursor
    ResponseEntity<String> all = s.api().call(HttpMethod.GET, "/v1/collections", null);
    assertThat(RetrievalApi.json(all).findValuesAsString("name")).hasSize(5);
    assertThat(all.getHeaders().getFirst("X-Next-Cursor")).isNull();
    assertThat(s.api().call(HttpMethod.GET, "/v1/collections?limit=0", null).getBody()).contains("invalid-limit");
    assertThat(s.api().call(HttpMethod.GET, "/v1/collections?cursor=%25%25", null).getBody()).contains("invalid-cursor");
  }

  @Test
  void aCollectionWithoutEmbeddingsIsSearchedByBm25Only() {
    String tenant = TestIdentities.uniqueTenant("lexical");
    RetrievalApi api = new RetrievalApi(http, tenant);
    assertThat(api.call(HttpMethod.POST, "/v1/collections", Map.of("name", "words", "embeddingModel", "none")).getStatusCode().value())
        .isEqualTo(201);
    assertThat(api.ingest("words", List.of(RetrievalApi.doc("w", "W", "Walruses live on Arctic sea ice.", null),
        RetrievalApi.doc("p", "P", "Penguins live in Antarctica.", null))).get("succeeded").asInt()).isEqualTo(2);
    assertThat(count(tenant, "select count(*) from chunks where embedding is null and model = 'none'")).isEqualTo(2);
    JsonNode hits = RetrievalApi.json(api.search("words", Map.of("query", "walrus ice", "explain", true))).get("hits");
    assertThat(hits.findValuesAsString("documentId")).containsExactly("w");
    assertThat(hits.get(0).get("explanation").get("paths").has("dense")).isFalse();
    assertThat(api.search("words", Map.of("query", "walrus", "paths", List.of("dense"))).getBody()).contains("unknown-path");
  }

  static byte[] pdf(String text) throws IOException {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(72, 700);
        content.showText(text);
        content.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }
}
