package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.SampleCorpus;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTests {

  @Autowired
  TestRestTemplate http;

  RetrievalApi api;

  @BeforeAll
  void corpus() {
    api = new RetrievalApi(http, TestIdentities.uniqueTenant("search"));
    api.createCollection("kb");
    JsonNode job = api.ingest("kb", SampleCorpus.documents());
    assertThat(job.get("state").asString()).isEqualTo("succeeded");
    assertThat(job.get("succeeded").asInt()).isEqualTo(6);
  }

  private JsonNode search(Map<String, Object> request) {
    ResponseEntity<String> r = api.search("kb", request);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    return RetrievalApi.json(r);
  }

  private static List<String> documentIds(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.get("hits").forEach(h -> ids.add(h.get("documentId").asString()));
    return ids;
  }

  @Test
  void hybridSearchFindsTheRelevantDocumentFirst() {
    assertThat(documentIds(search(Map.of("query", "how do plants make sugar from light", "topK", 3)))).first().isEqualTo("photosynthesis");
    assertThat(documentIds(search(Map.of("query", "espresso pressure")))).first().isEqualTo("coffee");
  }

  @Test
  void hitsCarryTextTitleMetadataAndScore() {
    JsonNode hit = search(Map.of("query", "lava and ash", "topK", 1)).get("hits").get(0);
    assertThat(hit.get("documentId").asString()).isEqualTo("volcano");
    assertThat(hit.get("title").asString()).isEqualTo("Volcanic eruptions");
    assertThat(hit.get("text").asString()).startsWith("Magma rises");
    assertThat(hit.get("metadata").get("topic").asString()).isEqualTo("geology");
    assertThat(hit.get("chunkId").asLong()).isPositive();
    assertThat(hit.get("score").asDouble()).isPositive();
    assertThat(hit.has("explanation")).isFalse();
  }

  @Test
  void explainShowsEachPathsRankAndScoreAndTheFusion() {
    JsonNode response = search(Map.of("query", "insulin glucose", "topK", 2, "explain", true));
    JsonNode explanation = response.get("hits").get(0).get("explanation");
    assertThat(explanation.get("paths").get("bm25").get("rank").asInt()).isEqualTo(1);
    assertThat(explanation.get("paths").get("bm25").get("score").asDouble()).isPositive();
    assertThat(explanation.get("paths").get("dense").get("rank").asInt()).isEqualTo(1);
    assertThat(explanation.get("fusion").asString()).startsWith("normalized: ").contains("[bm25]").contains("[dense]");
    assertThat(response.get("rewrite").get("strategy").asString()).isEqualTo("none");

    JsonNode rrf = search(Map.of("query", "insulin glucose", "topK", 2, "explain", true, "fusion", "rrf"));
    assertThat(rrf.get("hits").get(0).get("explanation").get("fusion").asString()).isEqualTo("rrf: 1/(60+1)[bm25] + 1/(60+1)[dense]");
  }

  @Test
  void singlePathsCanBeAskedFor() {
    JsonNode bm25 = search(Map.of("query", "transformer self-attention", "paths", List.of("bm25"), "explain", true));
    assertThat(documentIds(bm25)).containsExactly("transformer");
    assertThat(bm25.get("hits").get(0).get("explanation").get("paths").has("dense")).isFalse();
    JsonNode dense = search(Map.of("query", "neural network architecture for translation", "paths", List.of("dense")));
    assertThat(documentIds(dense)).first().isEqualTo("transformer");
    assertThat(documentIds(dense)).hasSize(6);
  }

  @Test
  void metadataFiltersRestrictBothPaths() {
    Map<String, Object> medicine = Map.of("eq", Map.of("key", "topic", "value", "medicine"));
    assertThat(documentIds(search(Map.of("query", "glucose calcium bones", "filter", medicine))))
        .containsExactlyInAnyOrder("vitamin-d", "insulin");
    Map<String, Object> recent = Map.of("and", List.of(Map.of("range", Map.of("key", "year", "gte", 2017)),
        Map.of("not", Map.of("in", Map.of("key", "topic", "values", List.of("food", "computing"))))));
    assertThat(documentIds(search(Map.of("query", "anything at all", "filter", recent))))
        .as("only 2019 and 2022 medicine remain").containsExactlyInAnyOrder("insulin", "vitamin-d");
  }

  @Test
  void conversationalRewriteUsesTheHistory() {
    JsonNode response = search(Map.of("query", "what destroys the cells that make it?", "topK", 1, "explain", true,
        "history", List.of(Map.of("role", "user", "content", "tell me about insulin"), Map.of("role", "assistant", "content", "It is a hormone."))));
    assertThat(response.get("rewrite").get("strategy").asString()).isEqualTo("conversational");
    assertThat(response.get("rewrite").get("denseText").asString()).isEqualTo("tell me about insulin what destroys the cells that make it?");
    assertThat(documentIds(response)).containsExactly("insulin");
  }

  @Test
  void rm3ExpandsTheLexicalQueryFromFeedbackDocuments() {
    JsonNode response = search(Map.of("query", "espresso", "rewrite", "rm3", "explain", true, "paths", List.of("bm25")));
    assertThat(response.get("rewrite").get("strategy").asString()).isEqualTo("rm3");
    assertThat(response.get("rewrite").get("expandedTerms").has("coffe")).isTrue();
    assertThat(documentIds(response)).first().isEqualTo("coffee");
  }

  @Test
  void mmrRerankingExplainsItself() {
    JsonNode response = search(Map.of("query", "medicine", "rerank", "mmr", "explain", true, "topK", 3));
    assertThat(response.get("hits")).hasSize(3);
    assertThat(response.get("hits").get(0).get("explanation").get("rerank").get("strategy").asString()).isEqualTo("mmr");
  }

  @Test
  void badRequestsAreProblems() {
    record Case(Map<String, Object> body, int status, String type) {
    }
    List<Case> cases = List.of(
        new Case(Map.of("query", ""), 400, "invalid-query"),
        new Case(Map.of("query", "   "), 400, "invalid-query"),
        new Case(Map.of("query", "x".repeat(100_000)), 400, "query-too-long"),
        new Case(Map.of("query", "q", "topK", 0), 400, "invalid-top-k"),
        new Case(Map.of("query", "q", "topK", -3), 400, "invalid-top-k"),
        new Case(Map.of("query", "q", "topK", 1001), 400, "invalid-top-k"),
        new Case(Map.of("query", "q", "filter", Map.of("eq", "topic")), 400, "invalid-filter"),
        new Case(Map.of("query", "q", "filter", List.of(1, 2)), 400, "invalid-filter"),
        new Case(Map.of("query", "q", "rewrite", "magic"), 400, "unknown-rewrite"),
        new Case(Map.of("query", "q", "rewrite", "hyde"), 400, "rewrite-unavailable"),
        new Case(Map.of("query", "q", "rerank", "llm"), 400, "rerank-unavailable"),
        new Case(Map.of("query", "q", "rerank", "cross-encoder"), 400, "rerank-unavailable"),
        new Case(Map.of("query", "q", "paths", List.of("sparse")), 400, "unknown-path"),
        new Case(Map.of("query", "q", "fusion", "borda"), 400, "unknown-fusion"));
    for (Case c : cases) {
      ResponseEntity<String> r = api.search("kb", c.body());
      assertThat(r.getStatusCode().value()).as("%s -> %s", c.body().keySet(), r.getBody()).isEqualTo(c.status());
      assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(RetrievalApi.json(r).get("type").asString()).as(r.getBody()).isEqualTo("https://engram.dev/problems/" + c.type());
    }
    ResponseEntity<String> unknown = api.search("no-such-collection", Map.of("query", "q"));
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    assertThat(unknown.getBody()).contains("collection-not-found");
    ResponseEntity<String> notJson = api.call(HttpMethod.POST, "/v1/collections/kb/search", "{not json");
    assertThat(notJson.getStatusCode().value()).isEqualTo(400);
    assertThat(notJson.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void anUnknownOrUnavailableStrategySaysWhatIsKnownAndWhy() {
    assertThat(detail(Map.of("query", "q", "rewrite", "magic")))
        .isEqualTo("Unknown rewrite 'magic'; known: [none, rm3, conversational, multi-query, hyde, decompose].");
    assertThat(detail(Map.of("query", "q", "rerank", "borda")))
        .isEqualTo("Unknown rerank 'borda'; known: [none, mmr, llm, cross-encoder].");
    assertThat(detail(Map.of("query", "q", "rewrite", "hyde")))
        .isEqualTo("The rewrite strategy 'hyde' needs a chat model; none is configured (engram.retrieval.chat.base-url).");
    assertThat(detail(Map.of("query", "q", "rerank", "llm")))
        .isEqualTo("The rerank strategy 'llm' needs a chat model; none is configured (engram.retrieval.chat.base-url).");
    assertThat(detail(Map.of("query", "q", "rerank", "cross-encoder"))).isEqualTo(
        "The cross-encoder reranker needs engram.retrieval.rerank.cross-encoder-path (no cross-encoder ships with Engram).");
  }

  private String detail(Map<String, Object> body) {
    ResponseEntity<String> r = api.search("kb", body);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
    return RetrievalApi.json(r).get("detail").asString();
  }

  @Test
  void searchNeedsTheReadScope() {
    RetrievalApi noScopes = new RetrievalApi(http, TestIdentities.uniqueTenant("noscope"), "none");
    assertThat(noScopes.search("kb", Map.of("query", "q")).getStatusCode().value()).isEqualTo(403);
  }
}
