package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Bad input answered within bounds (issue 18): a query of 500 terms, a term in every chunk, an empty
 * collection, a filter that matches nothing each get a 200 with what they deserve, never a 5xx; a statement
 * that runs over the search's statement timeout ends as a 503 problem with Retry-After.
 */
class SearchBoundsTests {

  static List<Map<String, Object>> corpus(int size) {
    String[] topics = {"glaciers retreat in the alps", "espresso brewed under pressure", "insulin lowers blood glucose",
        "volcanic ash disrupts air travel", "transformers use self attention", "photosynthesis makes sugar from light"};
    List<Map<String, Object>> docs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      // "engram" occurs in every document; each also has a topic and a number word of its own
      docs.add(RetrievalApi.doc("d" + i, "Note " + i, "engram note: " + topics[i % topics.length] + ", item w" + i
          + " of series s" + (i % 7) + ".", Map.of("series", "s" + (i % 7))));
    }
    return docs;
  }

  static String longQuery(int terms) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < terms; i++) {
      q.append("w").append(i).append(' ');
    }
    return q.append("glaciers espresso").toString();
  }

  static List<String> documentIds(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.get("hits").forEach(h -> ids.add(h.get("documentId").asString()));
    return ids;
  }

  @Nested
  @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
  @AutoConfigureTestRestTemplate
  @ActiveProfiles("test")
  @Import(TestDatabaseConfiguration.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithinBounds {

    @Autowired
    TestRestTemplate http;

    RetrievalApi api;

    @BeforeAll
    void corpus() {
      api = new RetrievalApi(http, TestIdentities.uniqueTenant("bounds"));
      api.createCollection("notes");
      api.createCollection("empty");
      assertThat(api.ingest("notes", SearchBoundsTests.corpus(60)).get("state").asString()).isEqualTo("succeeded");
    }

    private JsonNode ok(String collection, Map<String, Object> request) {
      ResponseEntity<String> r = api.search(collection, request);
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
      return RetrievalApi.json(r);
    }

    @Test
    void aQueryOf500TermsIsAnswered() {
      String query = longQuery(500);
      assertThat(query.split(" ")).hasSizeGreaterThan(500);
      JsonNode response = ok("notes", Map.of("query", query, "topK", 10));
      assertThat(response.get("hits")).hasSize(10);
      JsonNode bm25 = ok("notes", Map.of("query", query, "topK", 10, "paths", List.of("bm25")));
      assertThat(bm25.get("hits")).hasSize(10);
    }

    @Test
    void aTermInEveryChunkRanksAllOfThemAndStillLetsRarerTermsLead() {
      JsonNode every = ok("notes", Map.of("query", "engram", "topK", 60, "paths", List.of("bm25")));
      assertThat(every.get("hits")).hasSize(60);
      assertThat(documentIds(ok("notes", Map.of("query", "engram w17", "topK", 5, "paths", List.of("bm25")))))
          .first().isEqualTo("d17");
    }

    @Test
    void anEmptyCollectionAnswersWithNoHits() {
      assertThat(ok("empty", Map.of("query", "anything at all")).get("hits")).isEmpty();
      assertThat(ok("empty", Map.of("query", longQuery(500), "paths", List.of("bm25"))).get("hits")).isEmpty();
    }

    @Test
    void aFilterThatMatchesNothingAnswersWithNoHitsOnEveryPath() {
      Map<String, Object> nothing = Map.of("eq", Map.of("key", "series", "value", "no-such-series"));
      for (List<String> paths : List.of(List.of("bm25"), List.of("dense"), List.of("bm25", "dense"))) {
        assertThat(ok("notes", Map.of("query", "engram glaciers", "filter", nothing, "paths", paths)).get("hits"))
            .as("%s", paths).isEmpty();
      }
    }
  }

  @Nested
  @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = "engram.retrieval.search.statement-timeout-millis=1")
  @AutoConfigureTestRestTemplate
  @ActiveProfiles("test")
  @Import(TestDatabaseConfiguration.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverTheStatementTimeout {

    @Autowired
    TestRestTemplate http;

    @Test
    void aSearchThatRunsOverIsA503ProblemWithRetryAfter() {
      RetrievalApi api = new RetrievalApi(http, TestIdentities.uniqueTenant("timeout"));
      api.createCollection("notes");
      assertThat(api.ingest("notes", SearchBoundsTests.corpus(300)).get("state").asString()).isEqualTo("succeeded");
      // a 1 ms budget: the 500-term BM25 statement (planning included) cannot finish inside it
      ResponseEntity<String> r = api.search("notes", Map.of("query", longQuery(500), "paths", List.of("bm25"), "topK", 100));
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(503);
      assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("2");
      assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
      JsonNode problem = RetrievalApi.json(r);
      assertThat(problem.get("type").asString()).endsWith("search-timeout");
      assertThat(problem.get("detail").asString()).contains("1 ms");
    }
  }
}
