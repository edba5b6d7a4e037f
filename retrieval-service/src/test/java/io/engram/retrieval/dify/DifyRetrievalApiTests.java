package io.engram.retrieval.dify;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.SampleCorpus;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/dify/retrieval} against the contract in Dify's documentation
 * (https://docs.dify.ai/en/use-dify/knowledge/external-knowledge-api): request and response shapes,
 * {@code top_k}, {@code score_threshold}, {@code metadata_condition}, and each error code, on a real
 * collection (real database, real embedding model).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifyRetrievalApiTests {

  @Autowired
  TestRestTemplate http;

  RetrievalApi owner;
  String tenant;

  @BeforeAll
  void corpus() {
    tenant = TestIdentities.uniqueTenant("dify");
    owner = new RetrievalApi(http, tenant);
    owner.createCollection("kb");
    assertThat(owner.ingest("kb", SampleCorpus.documents()).get("state").asString()).isEqualTo("succeeded");
  }

  private static Map<String, Object> body(String knowledgeId, String query, int topK, double threshold,
      Map<String, Object> condition) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("knowledge_id", knowledgeId);
    body.put("query", query);
    body.put("retrieval_setting", Map.of("top_k", topK, "score_threshold", threshold));
    if (condition != null) {
      body.put("metadata_condition", condition);
    }
    return body;
  }

  private ResponseEntity<String> retrieve(RetrievalApi api, Object body) {
    return api.call(HttpMethod.POST, "/v1/dify/retrieval", body);
  }

  private JsonNode records(Object body) {
    ResponseEntity<String> r = retrieve(owner, body);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode json = RetrievalApi.json(r);
    assertThat(json.propertyNames()).containsExactly("records");
    return json.get("records");
  }

  private static void assertDifyError(ResponseEntity<String> r, int status, int errorCode) {
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(status);
    JsonNode json = RetrievalApi.json(r);
    assertThat(json.path("error_code").asInt()).as(r.getBody()).isEqualTo(errorCode);
    assertThat(json.path("error_msg").asString()).isNotBlank();
    assertThat(json.path("status").asInt()).isEqualTo(status);
    assertThat(json.path("type").asString()).startsWith("https://engram.dev/problems/");
  }

  private static List<Double> scores(JsonNode records) {
    List<Double> scores = new ArrayList<>();
    records.forEach(r -> scores.add(r.get("score").asDouble()));
    return scores;
  }

  @Test
  void whenDifyAsksThenRecordsHaveContentScoreTitleAndObjectMetadataBestFirst() {
    JsonNode records = records(body("kb", "How does vitamin D help bones absorb calcium?", 3, 0.0, null));
    assertThat(records).hasSizeBetween(1, 3);
    JsonNode first = records.get(0);
    assertThat(first.propertyNames()).containsExactlyInAnyOrder("content", "score", "title", "metadata");
    assertThat(first.get("title").asString()).isEqualTo("Vitamin D and bone health");
    assertThat(first.get("content").asString()).contains("calcium absorption");
    assertThat(first.get("metadata").isObject()).isTrue();
    assertThat(first.get("metadata").get("topic").asString()).isEqualTo("medicine");
    assertThat(first.get("metadata").get("document_id").asString()).isEqualTo("vitamin-d");
    records.forEach(r -> assertThat(r.get("metadata").isObject()).isTrue());
    List<Double> scores = scores(records);
    assertThat(scores).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
    assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void whenTopKIsSmallThenAtMostThatManyRecordsCome() {
    assertThat(records(body("kb", "glucose insulin plants sunlight", 1, 0.0, null))).hasSize(1);
    assertThat(records(body("kb", "glucose insulin plants sunlight", 4, 0.0, null))).hasSizeBetween(2, 4);
  }

  @Test
  void whenAScoreThresholdIsSetThenOnlyRecordsAtOrAboveItCome() {
    String query = "blood glucose and insulin in diabetes";
    JsonNode all = records(body("kb", query, 6, 0.0, null));
    List<Double> scores = scores(all);
    assertThat(scores.size()).as("the corpus gives several hits").isGreaterThanOrEqualTo(3);
    double threshold = (scores.get(0) + scores.get(1)) / 2;
    JsonNode above = records(body("kb", query, 6, threshold, null));
    assertThat(scores(above)).isNotEmpty().allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(threshold));
    assertThat(above.size()).isEqualTo((int) scores.stream().filter(s -> s >= threshold).count());
    assertThat(above.get(0).get("metadata").get("document_id").asString())
        .isEqualTo(all.get(0).get("metadata").get("document_id").asString());
  }

  @Test
  void whenMetadataConditionsAreGivenThenTheyFilterTheRecords() {
    String query = "health science energy";
    JsonNode medicine = records(body("kb", query, 6, 0.0, Map.of("conditions",
        List.of(Map.of("name", "topic", "comparison_operator", "is", "value", "medicine")))));
    assertThat(medicine).isNotEmpty().allSatisfy(r -> assertThat(r.get("metadata").get("topic").asString()).isEqualTo("medicine"));

    JsonNode recent = records(body("kb", query, 6, 0.0, Map.of("logical_operator", "and", "conditions", List.of(
        Map.of("name", "year", "comparison_operator", "≥", "value", 2019),
        Map.of("name", "topic", "comparison_operator", "is not", "value", "food")))));
    assertThat(recent).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("metadata").get("year").asInt()).isGreaterThanOrEqualTo(2019);
      assertThat(r.get("metadata").get("topic").asString()).isNotEqualTo("food");
    });

    JsonNode either = records(body("kb", query, 6, 0.0, Map.of("logical_operator", "or", "conditions", List.of(
        Map.of("name", "topic", "comparison_operator", "in", "value", List.of("geology", "biology")),
        Map.of("name", "year", "comparison_operator", "<", "value", 2006)))));
    assertThat(either).isNotEmpty().allSatisfy(r -> assertThat(r.get("metadata").get("topic").asString())
        .isIn("geology", "biology"));

    JsonNode none = records(body("kb", query, 6, 0.0, Map.of("conditions",
        List.of(Map.of("name", "author", "comparison_operator", "not empty")))));
    assertThat(none).isEmpty();
  }

  @Test
  void whenAnOperatorHasNoCounterpartThenError3001NamesTheSupportedOnes() {
    ResponseEntity<String> r = retrieve(owner, body("kb", "coffee", 3, 0.0, Map.of("conditions",
        List.of(Map.of("name", "topic", "comparison_operator", "contains", "value", "foo")))));
    assertDifyError(r, 400, 3001);
    assertThat(RetrievalApi.json(r).get("error_msg").asString()).contains("'contains' is not supported")
        .contains("is not").contains("≥");
  }

  @Test
  void whenTheKnowledgeDoesNotExistThenError2001() {
    assertDifyError(retrieve(owner, body("no-such-kb", "coffee", 3, 0.0, null)), 404, 2001);
    assertDifyError(retrieve(owner, body("../etc", "coffee", 3, 0.0, null)), 404, 2001);
  }

  @Test
  void whenAnotherTenantNamesTheSameKnowledgeThenItDoesNotExistForIt() {
    RetrievalApi stranger = new RetrievalApi(http, TestIdentities.uniqueTenant("dify-other"), "read");
    ResponseEntity<String> r = retrieve(stranger, body("kb", "vitamin D calcium", 3, 0.0, null));
    assertDifyError(r, 404, 2001);
    assertThat(r.getBody()).doesNotContain("calcium absorption");
  }

  @Test
  void whenTheKeyLacksReadThenError1002() {
    RetrievalApi writeOnly = new RetrievalApi(http, tenant, "write");
    assertDifyError(retrieve(writeOnly, body("kb", "coffee", 3, 0.0, null)), 403, 1002);
  }

  @Test
  void whenTheRequestIsIncompleteOrOutOfRangeThenError3001() {
    assertDifyError(retrieve(owner, Map.of("knowledge_id", "kb", "retrieval_setting", Map.of("top_k", 3, "score_threshold", 0.5))),
        400, 3001);
    assertDifyError(retrieve(owner, Map.of("knowledge_id", "kb", "query", "coffee")), 400, 3001);
    assertDifyError(retrieve(owner, body("kb", "coffee", 0, 0.0, null)), 400, 3001);
    assertDifyError(retrieve(owner, body("kb", "coffee", 3, 1.5, null)), 400, 3001);
    assertDifyError(retrieve(owner, "{not json"), 400, 3001);
  }
}
