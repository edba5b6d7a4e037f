package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/collections/{c}/chunks/lookup} on a real database: found chunks in the order asked, and
 * pointers that no longer resolve (document replaced or deleted, another collection, another tenant) listed as
 * missing, never returned; bad input is a 400 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class ChunkLookupApiTests {

  @Autowired
  TestRestTemplate http;

  private static List<Long> chunkIds(RetrievalApi api, String collection, String query) {
    ResponseEntity<String> r = api.search(collection, Map.of("query", query, "topK", 10));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    RetrievalApi.json(r).get("hits").forEach(h -> ids.add(h.get("chunkId").asLong()));
    return ids;
  }

  private static ResponseEntity<String> lookup(RetrievalApi api, String collection, Object body) {
    return api.call(HttpMethod.POST, "/v1/collections/" + collection + "/chunks/lookup", body);
  }

  @Test
  void whenPointersAreFollowedThenLiveChunksComeBackAndStaleOnesAreMissing() {
    String tenant = TestIdentities.uniqueTenant("lookup");
    RetrievalApi api = new RetrievalApi(http, tenant);
    api.createCollection("kb");
    api.createCollection("other");
    assertThat(api.ingest("kb", List.of(
        RetrievalApi.doc("ceo", "Leadership", "Brightwater appointed Lena Fairbanks as chief executive in March.", null),
        RetrievalApi.doc("hq", "Offices", "Brightwater keeps its headquarters in Rotterdam.", null))).get("state").asString())
        .isEqualTo("succeeded");
    assertThat(api.ingest("other", List.of(RetrievalApi.doc("x", "X", "Brightwater opened a lab in Oslo.", null)))
        .get("state").asString()).isEqualTo("succeeded");
    long ceo = chunkIds(api, "kb", "chief executive Brightwater").getFirst();
    long hq = chunkIds(api, "kb", "headquarters Rotterdam").getFirst();
    long otherCollection = chunkIds(api, "other", "lab Oslo").getFirst();

    ResponseEntity<String> r = lookup(api, "kb", Map.of("ids", List.of(hq, ceo, otherCollection)));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode body = RetrievalApi.json(r);
    assertThat(body.get("chunks")).hasSize(2);
    assertThat(body.get("chunks").get(0).get("chunkId").asLong()).isEqualTo(hq);
    assertThat(body.get("chunks").get(0).get("documentId").asString()).isEqualTo("hq");
    assertThat(body.get("chunks").get(0).get("title").asString()).isEqualTo("Offices");
    assertThat(body.get("chunks").get(1).get("text").asString()).contains("Lena Fairbanks");
    assertThat(body.get("missing").get(0).asLong()).isEqualTo(otherCollection);

    // another tenant with a collection of the same name sees none of these chunks
    RetrievalApi stranger = new RetrievalApi(http, TestIdentities.uniqueTenant("lookup-other"));
    stranger.createCollection("kb");
    JsonNode foreign = RetrievalApi.json(lookup(stranger, "kb", Map.of("ids", List.of(hq, ceo))));
    assertThat(foreign.get("chunks")).isEmpty();
    assertThat(foreign.get("missing")).hasSize(2);

    // the document replaced: its old chunk no longer resolves; deleted: neither does its chunk
    assertThat(api.ingest("kb", List.of(RetrievalApi.doc("ceo", "Leadership",
        "Brightwater appointed Omar Haddad as chief executive in June.", null))).get("state").asString()).isEqualTo("succeeded");
    assertThat(api.call(HttpMethod.DELETE, "/v1/collections/kb/documents/hq", null).getStatusCode().is2xxSuccessful()).isTrue();
    JsonNode after = RetrievalApi.json(lookup(api, "kb", Map.of("ids", List.of(ceo, hq))));
    assertThat(after.get("chunks")).isEmpty();
    assertThat(after.get("missing")).hasSize(2);
  }

  @Test
  void whenTheRequestIsMalformedThenItIsAProblem() {
    RetrievalApi api = new RetrievalApi(http, TestIdentities.uniqueTenant("lookup-bad"));
    api.createCollection("kb");
    for (Object body : List.of(Map.of("ids", List.of()), Map.of(), Map.of("ids", List.of(-3)), Map.of("ids", List.of("x")),
        Map.of("ids", LongStream.rangeClosed(1, 101).boxed().toList()))) {
      ResponseEntity<String> r = lookup(api, "kb", body);
      assertThat(r.getStatusCode().value()).as(body + " -> " + r.getBody()).isEqualTo(400);
      assertThat(r.getHeaders().getContentType().toString()).contains("problem+json");
    }
    ResponseEntity<String> unknown = lookup(api, "nope", Map.of("ids", List.of(1)));
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    ResponseEntity<String> readOnly = lookup(new RetrievalApi(http, TestIdentities.uniqueTenant("lookup-ro"), "write"), "kb",
        Map.of("ids", List.of(1)));
    assertThat(readOnly.getStatusCode().value()).isEqualTo(403);
  }
}
