package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answer path on the real platform: client -> gateway -> llm-service -> memory-service (recall), then
 * the answer's write-back lands in memory as an interaction event. Offline (extractive) generation.
 */
class AnswersIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static Platform platform;
  static Platform.TenantKey tenant;
  static final String NAMESPACE = "ops-notes";

  @BeforeAll
  static void plantNotes() throws Exception {
    platform = Platform.shared();
    tenant = platform.newTenant("answers", "read", "write");
    HttpResponse<String> events = call("POST", "/v1/memory/" + NAMESPACE + "/events", Map.of("events", List.of(
        Map.of("id", "note-1", "kind", "note", "text", "The staging database was moved to the eu-west-2 region on 3 March."),
        Map.of("id", "note-2", "kind", "note", "text", "The release train leaves every second Tuesday at noon."))), "e2e-answers-events");
    assertThat(events.statusCode()).as(events.body()).isBetween(200, 202);
  }

  @Test
  void answerFromMemoryIsGroundedCitedAndWrittenBack() throws Exception {
    String question = "Which region hosts the staging database?";
    JsonNode answer = null;
    // memory consolidates asynchronously: ask until the note is recallable
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = call("POST", "/v1/answers",
          Map.of("question", question, "memoryNamespace", NAMESPACE), "e2e-answers-0001");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Request-Id")).hasValue("e2e-answers-0001");
      answer = JSON.readTree(response.body());
      if (answer.path("grounded").asBoolean()) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(answer.path("grounded").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("generator").asString()).isEqualTo("extractive");
    assertThat(answer.path("degraded").asBoolean()).as(answer.path("degradedReasons").toString()).isFalse();
    assertThat(answer.path("answer").asString()).contains("eu-west-2");
    JsonNode citation = answer.path("citations").get(0);
    assertThat(citation.path("kind").asString()).isEqualTo("memory");
    assertThat(citation.path("quote").asString()).contains("eu-west-2");

    // the interaction goes back to memory under an id derived from the request: recall finds it
    String eventId = answer.path("writeBack").path("eventId").asString();
    assertThat(answer.path("writeBack").path("status").asString()).isEqualTo("queued");
    boolean landed = false;
    deadline = Instant.now().plusSeconds(30);
    while (!landed && Instant.now().isBefore(deadline)) {
      HttpResponse<String> recall = call("POST", "/v1/memory/" + NAMESPACE + "/recall",
          Map.of("query", question, "topK", 20), "e2e-answers-recall");
      landed = recall.body().contains(eventId);
      if (!landed) {
        Thread.sleep(500);
      }
    }
    assertThat(landed).as("write-back event " + eventId + " recalled from memory").isTrue();
  }

  @Test
  void openAiCompatibleStreamAnswersFromMemory() throws Exception {
    HttpResponse<String> response = call("POST", "/v1/chat/completions", Map.of("model", "engram", "stream", true,
        "memoryNamespace", NAMESPACE,
        "messages", List.of(Map.of("role", "user", "content", "When does the release train leave?"))), "e2e-answers-chat");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("chat.completion.chunk").contains("data:[DONE]");
  }

  private static HttpResponse<String> call(String method, String path, Object body, String requestId) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url("gateway") + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + tenant.key())
        .header("X-Request-Id", requestId)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
