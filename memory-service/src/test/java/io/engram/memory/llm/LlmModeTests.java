package io.engram.memory.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.engram.memory.consolidate.Abstractor;
import io.engram.memory.consolidate.ChatAbstractor;
import io.engram.memory.extract.ChatStatementExtractor;
import io.engram.memory.extract.StatementExtractor;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
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
import tools.jackson.databind.json.JsonMapper;

/** LLM mode against WireMock speaking the OpenAI chat-completions wire protocol. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class LlmModeTests {

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
    var items = JsonMapper.builder().build().readTree(recalled).get("items");
    assertThat(items.get(0).get("statement").asString()).isEqualTo("Mira Holt's employer is Globex.");
    assertThat(items.get(0).get("provenance").get(0).get("eventId").asString()).isEqualTo("m1");
  }
}
