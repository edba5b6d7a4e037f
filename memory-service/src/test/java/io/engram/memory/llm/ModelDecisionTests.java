package io.engram.memory.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.engram.memory.llm.OpenAiStubs.completion;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model mode's decisions (Mem0-style ADD / UPDATE / DELETE / NOOP) against WireMock speaking OpenAI's chat
 * completions with structured output: a valid decision is applied with the model's reason in the history; an id
 * that was not offered, or an answer that is not JSON, is refused and the offline rules decide instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class ModelDecisionTests {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer OPENAI = new WireMockServer(wireMockConfig().dynamicPort());

  static final String FINCH = "Orla Finch runs the Dublin office of Harrow & Lane.";
  static final String VOS = "Piet Vos now runs the Dublin office of Harrow & Lane.";
  static final String ROGUE = "Piet Vos hired twelve analysts for the Dublin office of Harrow & Lane.";
  static final String GARBLED = "The Dublin office of Harrow & Lane moved to Grand Canal Dock.";
  static final String CLOSED = "Harrow & Lane closed its Dublin office for good.";

  static {
    OPENAI.start();
    for (String fact : List.of(FINCH, VOS, ROGUE, GARBLED, CLOSED)) {
      // extraction: the model returns the sentence as one atomic fact
      OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(2)
          .withRequestBody(containing("Extract the durable facts")).withRequestBody(containing(fact))
          .willReturn(completion(JSON.writeValueAsString(List.of(Map.of("statement", fact))))));
    }
    decide(VOS, "{\"event\":\"UPDATE\",\"id\":\"0\",\"reason\":\"Piet Vos replaced Orla Finch as head of the office\"}");
    decide(ROGUE, "{\"event\":\"UPDATE\",\"id\":\"7\",\"reason\":\"made-up id\"}");
    decide(GARBLED, "Sure! The answer is UPDATE.");
    decide(CLOSED, "{\"event\":\"DELETE\",\"id\":\"0\",\"reason\":\"the office no longer exists\"}");
  }

  static void decide(String fact, String answer) {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
        .withRequestBody(containing("You maintain a memory of facts")).withRequestBody(containing("New fact: " + fact))
        .willReturn(completion(answer)));
  }

  @DynamicPropertySource
  static void llm(DynamicPropertyRegistry registry) {
    registry.add("engram.memory.llm.base-url", () -> OPENAI.baseUrl() + "/v1");
    registry.add("engram.memory.llm.api-key", () -> "test-key");
  }

  @AfterAll
  static void stop() {
    OPENAI.stop();
  }

  @Autowired
  TestRestTemplate rest;

  @Test
  void whenTheModelDecidesThenValidDecisionsApplyWithTheirReasonAndInvalidOnesFallBackToTheOfflineRules() {
    String tenant = TestIdentities.uniqueTenant("model");
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, "read", "write"));
    headers.setContentType(MediaType.APPLICATION_JSON);

    write(headers, "e1", FINCH, "2024-01-01T00:00:00Z");
    write(headers, "e2", VOS, "2024-06-01T00:00:00Z");
    // the decision was asked for in OpenAI's structured-output format, with the nearest item numbered 0
    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("json_schema"))
        .withRequestBody(containing("- id 0: " + FINCH)).withRequestBody(containing("New fact: " + VOS)));
    JsonNode now = recall(headers, "Who runs the Dublin office?", "");
    assertThat(now.get(0).get("statement").asString()).isEqualTo(VOS);
    assertThat(statements(now)).doesNotContain(FINCH);
    JsonNode then = recall(headers, "Who runs the Dublin office?", ",\"asOf\":\"2024-03-01\"");
    assertThat(then.get(0).get("statement").asString()).isEqualTo(FINCH);
    JsonNode finch = item(headers, then.get(0).get("id").asString());
    assertThat(finch.get("history").findValuesAsString("note")).anyMatch(n -> n.contains("model: Piet Vos replaced Orla Finch"));

    // an id the model was not given, and an answer that is not JSON: refused, the offline rules decide, nothing is lost
    assertThat(write(headers, "e3", ROGUE, "2024-07-01T00:00:00Z").get("accepted").asInt()).isEqualTo(1);
    assertThat(write(headers, "e4", GARBLED, "2024-08-01T00:00:00Z").get("accepted").asInt()).isEqualTo(1);
    assertThat(statements(recall(headers, "Harrow & Lane Dublin office analysts", ""))).contains(ROGUE);
    assertThat(statements(recall(headers, "Where is the Dublin office of Harrow & Lane?", ""))).contains(GARBLED);

    // DELETE closes the item the model named (validity ends, history says why); nothing is erased
    int before = recall(headers, "Dublin office of Harrow & Lane", ",\"topK\":10").size();
    write(headers, "e5", CLOSED, "2024-09-01T00:00:00Z");
    JsonNode after = recall(headers, "Dublin office of Harrow & Lane", ",\"topK\":10");
    assertThat(after.size()).isEqualTo(before - 1);
    JsonNode stats = JSON.readTree(rest.exchange("/v1/memory/office/stats", HttpMethod.GET, new HttpEntity<>(headers), String.class)
        .getBody());
    assertThat(stats.get("supersededItems").asLong()).isEqualTo(2);
  }

  private JsonNode write(HttpHeaders headers, String id, String text, String time) {
    String body = "{\"events\":[{\"id\":\"" + id + "\",\"text\":" + JSON.writeValueAsString(text) + ",\"eventTime\":\"" + time + "\"}]}";
    return JSON.readTree(rest.exchange("/v1/memory/office/events", HttpMethod.POST, new HttpEntity<>(body, headers), String.class)
        .getBody());
  }

  private JsonNode recall(HttpHeaders headers, String query, String extra) {
    String body = rest.exchange("/v1/memory/office/recall", HttpMethod.POST,
        new HttpEntity<>("{\"query\":" + JSON.writeValueAsString(query) + extra + "}", headers), String.class).getBody();
    return JSON.readTree(body).get("items");
  }

  private JsonNode item(HttpHeaders headers, String id) {
    return JSON.readTree(rest.exchange("/v1/memory/office/items/" + id, HttpMethod.GET, new HttpEntity<>(headers), String.class)
        .getBody());
  }

  private static List<String> statements(JsonNode items) {
    List<String> out = new java.util.ArrayList<>();
    items.forEach(i -> out.add(i.get("statement").asString()));
    return out;
  }
}
