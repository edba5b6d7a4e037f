package io.engram.llm.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.engram.llm.generate.AnswerGenerator;
import io.engram.llm.generate.GeneratedAnswer;
import io.engram.support.web.ProblemException;
import io.engram.testsupport.TestDatabaseConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Ollama provider through Spring AI, against Ollama's real /api/chat wire format (JSON and NDJSON stream). */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class OllamaProtocolTests {

  static final WireMockServer OLLAMA = ProviderContract.start();

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add("engram.llm.provider", () -> "ollama");
    registry.add("spring.ai.ollama.base-url", OLLAMA::baseUrl);
    registry.add("spring.ai.ollama.chat.options.model", () -> "llama3.2");
    registry.add("spring.ai.retry.max-attempts", () -> "1");
  }

  @AfterAll
  static void stop() {
    OLLAMA.stop();
  }

  @Autowired
  AnswerGenerator generator;

  @BeforeEach
  void reset() {
    OLLAMA.resetAll();
  }

  @Test
  void whenAskedThenTheContextGoesOutAndTheAnswerComesBack() {
    OLLAMA.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"model":"llama3.2","created_at":"2026-11-28T10:00:00.000Z",
             "message":{"role":"assistant","content":"Richard Strauss was born on 11 June 1864 [1]."},
             "done_reason":"stop","done":true,"total_duration":812000000,"load_duration":2000000,
             "prompt_eval_count":172,"prompt_eval_duration":300000000,"eval_count":13,"eval_duration":500000000}""")));

    GeneratedAnswer answer = ProviderContract.generate(generator, false);

    assertThat(answer.text()).isEqualTo("Richard Strauss was born on 11 June 1864 [1].");
    assertThat(answer.generator()).isEqualTo("ollama:llama3.2");
    assertThat(answer.citations()).extracting(c -> c.id()).containsExactly("chunk:strauss-1");
    OLLAMA.verify(postRequestedFor(urlEqualTo("/api/chat"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
        .withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
        .withRequestBody(matchingJsonPath("$.messages[0].content", containing("[2] Munich: Munich is the capital of Bavaria")))
        .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(ProviderContract.QUESTION))));
  }

  @Test
  void whenStreamingThenNdjsonLinesArriveAsTokens() {
    String line = """
        {"model":"llama3.2","created_at":"2026-11-28T10:00:00.000Z","message":{"role":"assistant","content":"%s"},"done":false}
        """;
    String body = line.formatted("Born in") + line.formatted(" Munich [1].")
        + """
        {"model":"llama3.2","created_at":"2026-11-28T10:00:01.000Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":1,"prompt_eval_count":170,"eval_count":6}
        """;
    OLLAMA.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/x-ndjson").withBody(body)));

    List<String> tokens = new ArrayList<>();
    GeneratedAnswer answer = ProviderContract.generate(generator, true, tokens);

    assertThat(tokens).contains("Born in", " Munich [1].");
    assertThat(answer.text()).isEqualTo("Born in Munich [1].");
  }

  @Test
  void whenTheModelIsNotPulledThen502WithOllamasStatus() {
    OLLAMA.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}")));

    assertThatThrownBy(() -> ProviderContract.generate(generator, false))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
          assertThat(e.getBody().getDetail()).contains("ollama").contains("404");
        });
  }
}
