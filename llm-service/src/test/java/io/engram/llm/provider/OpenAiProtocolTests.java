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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import io.engram.llm.deep.FollowUpPlanner;
import io.engram.llm.generate.Corpus;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OpenAI provider (and every OpenAI-compatible server) through Spring AI, against OpenAI's real wire format. */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class OpenAiProtocolTests {

  static final WireMockServer OPENAI = ProviderContract.start();

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add("engram.llm.provider", () -> "openai");
    registry.add("spring.ai.openai.base-url", () -> OPENAI.baseUrl() + "/v1");
    registry.add("spring.ai.openai.api-key", () -> "sk-test-key");
    registry.add("spring.ai.openai.chat.options.model", () -> "gpt-4o-mini");
    registry.add("spring.ai.openai.max-retries", () -> "0");
    // the first streamed call of the SDK's async client takes ~4 s cold here; stay well above it
    registry.add("engram.llm.generation-timeout", () -> "8s");
  }

  @AfterAll
  static void stop() {
    OPENAI.stop();
  }

  @Autowired
  AnswerGenerator generator;

  @Autowired
  FollowUpPlanner planner;

  @BeforeEach
  void reset() {
    OPENAI.resetAll();
  }

  @Test
  void whenAskedThenTheContextAndQuestionGoOutAndTheCitedAnswerComesBack() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"He was born in Munich on 11 June 1864 [1].",
               "refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":187,"completion_tokens":14,"total_tokens":201}}""")));

    GeneratedAnswer answer = ProviderContract.generate(generator, false);

    assertThat(answer.text()).isEqualTo("He was born in Munich on 11 June 1864 [1].");
    assertThat(answer.generator()).isEqualTo("openai:gpt-4o-mini");
    assertThat(answer.promptTokens()).isEqualTo(187);
    assertThat(answer.citations()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("chunk:strauss-1");
      assertThat(c.quote()).isEqualTo("He was born in Munich on 11 June 1864.");
    });
    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer sk-test-key"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
        .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
        .withRequestBody(matchingJsonPath("$.messages[0].content", containing("[1] Richard Strauss: Richard Strauss was a German composer")))
        .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(ProviderContract.QUESTION))));
  }

  @Test
  void whenStreamingThenChunksArriveAsTokensAndJoinToTheAnswer() {
    String chunk = """
        data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}]}

        """;
    String body = chunk.formatted("{\"role\":\"assistant\",\"content\":\"\"}", "null")
        + chunk.formatted("{\"content\":\"He was born\"}", "null")
        + chunk.formatted("{\"content\":\" in Munich [1].\"}", "null")
        + chunk.formatted("{}", "\"stop\"")
        + "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":150,\"completion_tokens\":8,\"total_tokens\":158}}\n\n"
        + "data: [DONE]\n\n";
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody(body)));

    List<String> tokens = new ArrayList<>();
    GeneratedAnswer answer = ProviderContract.generate(generator, true, tokens);

    assertThat(tokens).contains("He was born", " in Munich [1].");
    assertThat(answer.text()).isEqualTo("He was born in Munich [1].");
    assertThat(answer.citations()).extracting(c -> c.id()).containsExactly("chunk:strauss-1");
    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
  }

  @Test
  void whenTheProviderFailsThen502WithTheProvidersStatus() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"code\":null}}")));

    assertThatThrownBy(() -> ProviderContract.generate(generator, false))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
          assertThat(e.getBody().getType().toString()).endsWith("/provider-error");
          assertThat(e.getBody().getDetail()).contains("openai").contains("500").doesNotContain("Strauss");
        });
  }

  @Test
  void whenTheKeyIsRejectedThen502SayingSo() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));

    assertThatThrownBy(() -> ProviderContract.generate(generator, true))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
          assertThat(e.getBody().getDetail()).contains("401");
        });
  }

  @Test
  void whenTheProviderIsTooSlowThen504() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withFixedDelay(9_000).withHeader("Content-Type", "application/json").withBody("{}")));

    assertThatThrownBy(() -> ProviderContract.generate(generator, false))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
          assertThat(e.getBody().getType().toString()).endsWith("/provider-timeout");
        });
  }

  @Test
  void whenTheContextDoesNotSupportAnAnswerThenTheModelIsNotCalled() {
    List<String> told = new java.util.ArrayList<>();
    GeneratedAnswer answer = generator.generate(new io.engram.llm.generate.GenerationRequest(
        "What is the boiling point of tungsten hexafluoride?", List.of(), ProviderContract.context(), 100, false),
        told::add, () -> false);
    assertThat(answer.grounded()).isFalse();
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.generator()).isEqualTo(generator.name());
    assertThat(answer.text()).contains("do not contain enough information").contains("tungsten");
    assertThat(told).containsExactly(answer.text());
    assertThat(OPENAI.getAllServeEvents()).isEmpty();
  }

  @Test
  void whenPromptsAndKeysPassThroughThenNeitherReachesTheLog(CapturedOutput output) {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")));
    assertThatThrownBy(() -> ProviderContract.generate(generator, false)).isInstanceOf(ProblemException.class);

    assertThat(output.getAll()).contains("model provider openai failed")
        .doesNotContain("sk-test-key")
        .doesNotContain(ProviderContract.QUESTION)
        .doesNotContain("German composer and conductor");
  }

  @Test
  void whenAModelIsConfiguredThenDeepSearchReflectionIsTheModels() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"id":"chatcmpl-3","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"1. Munich river\\n2. Isar river city"},
               "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":90,"completion_tokens":9,"total_tokens":99}}""")));

    FollowUpPlanner.Plan plan = planner.plan("Which river flows through the city where Richard Strauss was born?",
        Corpus.PASSAGES.subList(0, 2), Set.of("Which river flows through the city where Richard Strauss was born?"), 2,
        Duration.ofSeconds(5));

    assertThat(planner.name()).isEqualTo("model-reflection");
    assertThat(plan.queries()).containsExactly("Munich river", "Isar river city");
    assertThat(plan.tokens()).isPositive();
    OPENAI.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withRequestBody(matchingJsonPath("$.messages[1].content", containing("Passages found so far"))));
  }

  @Test
  void whenReflectionFailsThenTheOfflinePlannerTakesTheRound() {
    OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}")));

    FollowUpPlanner.Plan plan = planner.plan("Which river flows through the city where Richard Strauss was born?",
        Corpus.PASSAGES.subList(0, 1), Set.of(), 2, Duration.ofSeconds(5));

    assertThat(plan.reason()).startsWith("model reflection failed");
    assertThat(plan.queries()).anyMatch(q -> q.contains("Munich"));
  }
}
