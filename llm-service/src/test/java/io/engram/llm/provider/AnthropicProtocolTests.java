package io.engram.llm.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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

/** The Anthropic provider through Spring AI, against the real Messages API wire format (JSON and SSE events). */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class AnthropicProtocolTests {

  static final WireMockServer ANTHROPIC = ProviderContract.start();

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add("engram.llm.provider", () -> "anthropic");
    registry.add("spring.ai.anthropic.base-url", ANTHROPIC::baseUrl);
    registry.add("spring.ai.anthropic.api-key", () -> "sk-ant-test");
    registry.add("spring.ai.anthropic.chat.options.model", () -> "claude-haiku-4-5");
    registry.add("spring.ai.anthropic.max-retries", () -> "0");
    registry.add("engram.llm.generation-timeout", () -> "10s");
  }

  @AfterAll
  static void stop() {
    ANTHROPIC.stop();
  }

  @Autowired
  AnswerGenerator generator;

  @BeforeEach
  void reset() {
    ANTHROPIC.resetAll();
  }

  @Test
  void whenAskedThenTheContextGoesOutAndTheAnswerComesBack() {
    ANTHROPIC.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"He was born in Munich on 11 June 1864 [1]."}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":190,"output_tokens":15}}""")));

    GeneratedAnswer answer = ProviderContract.generate(generator, false);

    assertThat(answer.text()).isEqualTo("He was born in Munich on 11 June 1864 [1].");
    assertThat(answer.generator()).isEqualTo("anthropic:claude-haiku-4-5");
    assertThat(answer.promptTokens()).isEqualTo(190);
    assertThat(answer.citations()).extracting(c -> c.sourceId()).containsExactly("strauss-1");
    ANTHROPIC.verify(postRequestedFor(urlPathEqualTo("/v1/messages"))
        .withHeader("x-api-key", equalTo("sk-ant-test"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
        .withRequestBody(matchingJsonPath("$.system", containing("[1] Richard Strauss")))
        .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user"))));
  }

  @Test
  void whenStreamingThenServerSentEventsArriveAsTokens() {
    String body = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":180,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Born in"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" Munich [1]."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}

        event: message_stop
        data: {"type":"message_stop"}

        """;
    ANTHROPIC.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody(body)));

    List<String> tokens = new ArrayList<>();
    GeneratedAnswer answer = ProviderContract.generate(generator, true, tokens);

    assertThat(tokens).contains("Born in", " Munich [1].");
    assertThat(answer.text()).isEqualTo("Born in Munich [1].");
  }

  @Test
  void whenAnthropicIsOverloadedThen502() {
    ANTHROPIC.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(529)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

    assertThatThrownBy(() -> ProviderContract.generate(generator, false))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
          assertThat(e.getBody().getDetail()).contains("anthropic").contains("529");
        });
  }
}
