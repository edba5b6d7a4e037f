package io.engram.llm.answer;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.engram.llm.gather.SilentServer;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service over HTTP with its sources unreachable (retrieval: nothing listens; memory: hangs): the
 * answer still comes, degraded and honest; bad input is a 4xx problem; streaming and the OpenAI-compatible
 * endpoint speak their protocols (the latter checked with the official OpenAI Java SDK).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class AnswerApiTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final SilentServer HUNG;

  static {
    try {
      HUNG = new SilentServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void sources(DynamicPropertyRegistry registry) throws IOException {
    String closed = SilentServer.closedUrl();
    registry.add("engram.sources.retrieval-url", () -> closed);
    registry.add("engram.sources.memory-url", HUNG::url);
    registry.add("engram.sources.memory-timeout", () -> "300ms");
    registry.add("engram.sources.retrieval-timeout", () -> "500ms");
  }

  @AfterAll
  static void stopHung() throws IOException {
    HUNG.close();
  }

  @LocalServerPort
  int port;

  private final String tenant = TestIdentities.uniqueTenant("answers");

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .header("X-Engram-Identity", TestIdentities.token(tenant, "read"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertProblem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).path("type").asString()).as(response.body())
        .isEqualTo("https://engram.dev/problems/" + slug);
  }

  @Test
  void whenBothSourcesAreDownThenTheAnswerStillComesDegradedAndSaysItCannotAnswer() throws Exception {
    HttpResponse<String> response = post("/v1/answers",
        "{\"question\":\"Who founded the company?\",\"collections\":[\"kb\"],\"memoryNamespace\":\"ops\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("generator").asString()).isEqualTo("extractive");
    assertThat(body.path("degraded").asBoolean()).isTrue();
    assertThat(body.path("grounded").asBoolean()).isFalse();
    assertThat(body.path("answer").asString()).contains("do not contain enough information");
    List<String> reasons = new ArrayList<>();
    body.path("degradedReasons").forEach(r -> reasons.add(r.asString()));
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("retrieval:kb:"))
        .anySatisfy(r -> assertThat(r).startsWith("memory:ops: no answer within"));
    List<String> stages = new ArrayList<>();
    body.path("trace").path("stages").forEach(s -> stages.add(s.path("stage").asString()));
    assertThat(stages).contains("retrieval", "memory", "fusion", "generation");
    assertThat(body.path("writeBack").path("status").asString()).isEqualTo("skipped: answer not grounded");
  }

  @Test
  void whenDeepModeThenTheTraceReportsRoundsLimitsAndWhyItStopped() throws Exception {
    HttpResponse<String> response = post("/v1/answers", """
        {"question":"Who founded the company?","collections":["kb"],"mode":"deep",
         "budget":{"maxRounds":2,"maxWallMs":3000,"maxTokens":5000}}""");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode deep = JSON.readTree(response.body()).path("trace").path("deep");
    assertThat(deep.path("maxRounds").asInt()).isEqualTo(2);
    assertThat(deep.path("rounds")).hasSize(1);
    assertThat(deep.path("rounds").get(0).path("decision").asString()).isEqualTo("stop: no source answered");
    assertThat(deep.path("planner").asString()).isEqualTo("bridge-terms");
  }

  @Test
  void whenTheQuestionIsEmptyThen400() throws Exception {
    assertProblem(post("/v1/answers", "{\"question\":\"  \",\"collections\":[\"kb\"]}"), 400, "invalid-question");
  }

  @Test
  void whenABudgetIsAbsurdThen400NamingTheRange() throws Exception {
    HttpResponse<String> response = post("/v1/answers",
        "{\"question\":\"q?\",\"collections\":[\"kb\"],\"budget\":{\"contextTokens\":999999999}}");
    assertProblem(response, 400, "invalid-budget");
    assertThat(response.body()).contains("budget.contextTokens").contains("[64, 128000]");
    assertProblem(post("/v1/answers", "{\"question\":\"q?\",\"collections\":[\"kb\"],\"budget\":{\"maxRounds\":0}}"),
        400, "invalid-budget");
  }

  @Test
  void whenHistoryIsInvalidThen400() throws Exception {
    assertProblem(post("/v1/answers",
        "{\"question\":\"q?\",\"collections\":[\"kb\"],\"history\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"),
        400, "invalid-history");
    assertProblem(post("/v1/answers",
        "{\"question\":\"q?\",\"collections\":[\"kb\"],\"history\":[{\"role\":\"user\",\"content\":\"\"}]}"),
        400, "invalid-history");
  }

  @Test
  void whenNoSourceOrAnUnknownModeOrABadCollectionNameThen400() throws Exception {
    assertProblem(post("/v1/answers", "{\"question\":\"q?\"}"), 400, "no-sources");
    assertProblem(post("/v1/answers", "{\"question\":\"q?\",\"collections\":[\"kb\"],\"mode\":\"turbo\"}"), 400, "invalid-mode");
    assertProblem(post("/v1/answers", "{\"question\":\"q?\",\"collections\":[\"../etc\"]}"), 400, "invalid-collections");
    assertProblem(post("/v1/answers", "not json"), 400, "bad-request");
  }

  @Test
  void whenTheKeyLacksTheReadScopeThen403() throws Exception {
    HttpResponse<String> response = post("/v1/answers", "{\"question\":\"q?\",\"collections\":[\"kb\"]}",
        "X-Engram-Identity", TestIdentities.token(tenant, "write"));
    assertProblem(response, 403, "forbidden");
  }

  @Test
  void whenStreamingThenEventsComeInOrderAndEndWithFinal() throws Exception {
    HttpResponse<String> response = post("/v1/answers",
        "{\"question\":\"Who founded the company?\",\"collections\":[\"kb\"],\"memoryNamespace\":\"ops\",\"stream\":true}",
        "Accept", "text/event-stream");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> events = response.body().lines().filter(l -> l.startsWith("event:"))
        .map(l -> l.substring(6).strip()).toList();
    assertThat(events).containsSubsequence("retrieval", "memory", "token", "citations", "final");
    assertThat(events.getLast()).isEqualTo("final");
    String finalData = finalData(response.body());
    assertThat(JSON.readTree(finalData).path("degraded").asBoolean()).isTrue();
  }

  @Test
  void whenAcceptIsEventStreamThenTheAnswerStreamsWithoutTheFlag() throws Exception {
    HttpResponse<String> response = post("/v1/answers", "{\"question\":\"Who?\",\"collections\":[\"kb\"]}",
        "Accept", "text/event-stream");
    assertThat(response.body()).contains("event:final");
  }

  private static String finalData(String sse) {
    List<String> lines = sse.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("event:final")) {
        return lines.get(i + 1).substring("data:".length());
      }
    }
    throw new AssertionError("no final event in " + sse);
  }

  private OpenAIClient openAi() {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + port + "/v1")
        .apiKey("not-used-by-engram")
        .putHeader("X-Engram-Identity", TestIdentities.token(tenant, "read"))
        .maxRetries(0)
        .build();
  }

  private static ChatCompletionCreateParams params(String model, boolean extras) {
    ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("You are helpful.")
        .addUserMessage("Who founded the company?");
    if (extras) {
      builder.putAdditionalBodyProperty("collections", JsonValue.from(List.of("kb")))
          .putAdditionalBodyProperty("memoryNamespace", JsonValue.from("ops"));
    }
    return builder.build();
  }

  @Test
  void whenTheOfficialOpenAiClientAsksThenItGetsACompletion() {
    ChatCompletion completion = openAi().chat().completions().create(params("engram", true));

    assertThat(completion._object_()).isEqualTo(JsonValue.from("chat.completion"));
    assertThat(completion.model()).isEqualTo("engram");
    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
        text -> assertThat(text).contains("do not contain enough information"));
    Map<String, JsonValue> extra = completion._additionalProperties();
    assertThat(extra).containsKey("engram");
  }

  @Test
  void whenTheOfficialOpenAiClientStreamsThenChunksConcatenateToTheAnswer() {
    try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(params("engram", true))) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
      String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
          .collect(Collectors.joining());
      assertThat(text).contains("do not contain enough information");
      assertThat(chunks.getLast().choices().get(0).finishReason())
          .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
    }
  }

  @Test
  void whenTheModelIsUnknownThen404() throws Exception {
    assertThrows(NotFoundException.class, () -> openAi().chat().completions().create(params("gpt-17", false)));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"gpt-17\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertProblem(response, 404, "unknown-model");
  }

  @Test
  void whenAConfiguredAssistantIsNamedThenItBindsItsSources() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"support-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Who founded the company?\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> reasons = new ArrayList<>();
    JSON.readTree(response.body()).path("engram").path("degradedReasons").forEach(r -> reasons.add(r.asString()));
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("retrieval:handbook:"));
  }

  @Test
  void whenMessagesHoldNoUserMessageThen400() throws Exception {
    assertProblem(post("/v1/chat/completions",
        "{\"model\":\"engram\",\"collections\":[\"kb\"],\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"),
        400, "invalid-messages");
  }
}
