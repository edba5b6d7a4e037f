package io.engram.memory.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.engram.memory.llm.OpenAiStubs.completion;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.engram.memory.consolidate.Abstractor;
import io.engram.memory.consolidate.ChatAbstractor;
import io.engram.memory.extract.ChatStatementExtractor;
import io.engram.memory.extract.StatementExtractor;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
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

/** LLM mode against WireMock speaking the OpenAI chat-completions wire protocol. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class LlmModeTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final WireMockServer OPENAI = new WireMockServer(wireMockConfig().dynamicPort());

  static {
    OPENAI.start();
    String facts = "[{\\\"statement\\\":\\\"Mira Holt's employer is Globex.\\\",\\\"subject\\\":\\\"Mira Holt\\\","
        + "\\\"attribute\\\":\\\"employer\\\",\\\"value\\\":\\\"Globex\\\"}]";
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"%s"}}],
             "usage":{"prompt_tokens":10,"completion_tokens":10,"total_tokens":20}}""".formatted(facts))));
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
  StatementExtractor extractor;

  @Autowired
  Abstractor abstractor;

  @Autowired
  TestRestTemplate rest;

  @Test
  void whenAConsolidationRoundRunsThenTheChatModelWritesTheAbstractionOrTheListingWhenItDropsAValue() {
    String[][] facts = {
        {"l1", "Lena Park joined Initech last spring.", "Lena Park's employer is Initech.", "Lena Park", "employer", "Initech"},
        {"l2", "Lena Park was promoted to staff engineer.", "Lena Park's title is staff engineer.", "Lena Park", "title", "staff engineer"},
        {"l3", "Lena Park moved to Denver in May.", "Lena Park's city is Denver.", "Lena Park", "city", "Denver"},
        {"o1", "Omar Reyes signed with Globex.", "Omar Reyes's employer is Globex.", "Omar Reyes", "employer", "Globex"},
        {"o2", "Omar Reyes now leads the data team.", "Omar Reyes's title is data team lead.", "Omar Reyes", "title", "data team lead"},
        {"o3", "Omar Reyes relocated to Lisbon.", "Omar Reyes's city is Lisbon.", "Omar Reyes", "city", "Lisbon"}};
    List<String> events = new ArrayList<>();
    for (int i = 0; i < facts.length; i++) {
      String[] f = facts[i];
      String answer = JSON.writeValueAsString(List.of(Map.of("statement", f[2], "subject", f[3], "attribute", f[4], "value", f[5])));
      OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1).withRequestBody(containing(f[1]))
          .willReturn(completion(answer)));
      events.add("{\"id\":\"" + f[0] + "\",\"text\":\"" + f[1] + "\",\"eventTime\":\"2024-05-0" + (i + 1) + "T00:00:00Z\"}");
    }
    String lena = "Lena Park is a staff engineer at Initech who lives in Denver.";
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
        .withRequestBody(containing("Summarize these facts about Lena Park")).willReturn(completion(lena)));
    // this summary drops a value ("data team lead"): the abstraction must fall back to the offline listing
    String omar = "Omar Reyes works at Globex in Lisbon.";
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
        .withRequestBody(containing("Summarize these facts about Omar Reyes")).willReturn(completion(omar)));

    String tenant = TestIdentities.uniqueTenant("llm-abs");
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, "read", "write"));
    headers.setContentType(MediaType.APPLICATION_JSON);
    // six events: the test profile's consolidate-every, so the batch ends with a consolidation round
    rest.exchange("/v1/memory/crew/events", HttpMethod.POST,
        new HttpEntity<>("{\"events\":[" + String.join(",", events) + "]}", headers), String.class);

    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(containing("Summarize these facts about Lena Park"))
        .withRequestBody(containing("Lena Park's title is staff engineer.")).withRequestBody(containing("Lena Park's city is Denver.")));
    JsonNode stats = JSON.readTree(rest.exchange("/v1/memory/crew/stats", HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody());
    assertThat(stats.get("abstractions").asLong()).isEqualTo(2);

    JsonNode lenaItems = recall(headers, "crew", "What is Lena Park's job title?");
    assertThat(lenaItems.get(0).get("kind").asString()).isEqualTo("abstraction");
    assertThat(lenaItems.get(0).get("statement").asString()).isEqualTo(lena);
    assertThat(lenaItems.get(0).get("provenance").findValuesAsString("eventId")).containsExactly("l1", "l2", "l3");

    JsonNode omarItems = recall(headers, "crew", "Where does Omar Reyes live?");
    String omarAbstraction = omarItems.get(0).get("statement").asString();
    assertThat(omarItems.get(0).get("kind").asString()).isEqualTo("abstraction");
    assertThat(omarAbstraction).isNotEqualTo(omar).startsWith("Omar Reyes: ").contains("Globex", "data team lead", "Lisbon");
  }

  private JsonNode recall(HttpHeaders headers, String namespace, String query) {
    String body = rest.exchange("/v1/memory/" + namespace + "/recall", HttpMethod.POST,
        new HttpEntity<>("{\"query\":" + JSON.writeValueAsString(query) + ",\"topK\":3}", headers), String.class).getBody();
    return JSON.readTree(body).get("items");
  }

  @Test
  void whenAChatModelIsConfiguredThenExtractionUsesItThroughTheSameWritePath() {
    assertThat(extractor).isInstanceOf(ChatStatementExtractor.class);
    assertThat(abstractor).isInstanceOf(ChatAbstractor.class);
    String tenant = TestIdentities.uniqueTenant("llm");
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, "read", "write"));
    headers.setContentType(MediaType.APPLICATION_JSON);
    // the offline extractor finds no slot in this sentence; the model's answer gives one
    String text = "Mira Holt started at Globex after leaving her old job in the spring.";
    rest.exchange("/v1/memory/llm/events", HttpMethod.POST, new HttpEntity<>(
        "{\"events\":[{\"id\":\"m1\",\"text\":\"" + text + "\",\"eventTime\":\"2024-04-01T00:00:00Z\"}]}", headers), String.class);

    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("Mira Holt started at Globex"))
        .withHeader("Authorization", containing("test-key")));
    String recalled = rest.exchange("/v1/memory/llm/recall", HttpMethod.POST,
        new HttpEntity<>("{\"query\":\"Who does Mira Holt work for?\"}", headers), String.class).getBody();
    var items = JSON.readTree(recalled).get("items");
    assertThat(items.get(0).get("statement").asString()).isEqualTo("Mira Holt's employer is Globex.");
    assertThat(items.get(0).get("provenance").get(0).get("eventId").asString()).isEqualTo("m1");
  }
}
