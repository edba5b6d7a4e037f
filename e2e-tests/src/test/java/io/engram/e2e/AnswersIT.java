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
 * The answer path on the real platform: client -> gateway -> llm-service -> retrieval-service (search) and
 * memory-service (recall) in parallel, then the answer's write-back lands in memory as an interaction
 * event. Offline (extractive) generation.
 */
class AnswersIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static Platform platform;
  static Platform.TenantKey tenant;
  static final String NAMESPACE = "ops-notes";
  static final String COLLECTION = "handbook";

  @BeforeAll
  static void plantNotes() throws Exception {
    platform = Platform.shared();
    tenant = platform.newTenant("answers", "read", "write");
    HttpResponse<String> events = call("POST", "/v1/memory/" + NAMESPACE + "/events", Map.of("events", List.of(
        Map.of("id", "note-1", "kind", "note", "text", "The staging database was moved to the eu-west-2 region on 3 March."),
        Map.of("id", "note-2", "kind", "note", "text", "The release train leaves every second Tuesday at noon."))), "e2e-answers-events");
    assertThat(events.statusCode()).as(events.body()).isBetween(200, 202);
    HttpResponse<String> collection = call("POST", "/v1/collections", Map.of("name", COLLECTION), "e2e-answers-coll");
    assertThat(collection.statusCode()).as(collection.body()).isEqualTo(201);
    HttpResponse<String> docs = call("POST", "/v1/collections/" + COLLECTION + "/documents", Map.of("documents", List.of(
        Map.of("id", "oncall", "title", "On-call", "text",
            "The on-call engineer is paged through Opsgenie. Escalation goes to the team lead after fifteen minutes."),
        Map.of("id", "deploys", "title", "Deploys", "text",
            "Production deploys are frozen on Fridays. Hotfixes need approval from two reviewers."))), "e2e-answers-docs");
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(202);
    String job = JSON.readTree(docs.body()).path("jobId").asString();
    Instant deadline = Instant.now().plusSeconds(120);
    String state = "";
    while (Instant.now().isBefore(deadline) && !state.equals("succeeded") && !state.equals("failed")) {
      Thread.sleep(300);
      state = JSON.readTree(call("GET", "/v1/jobs/" + job, null, "e2e-answers-job").body()).path("state").asString();
    }
    assertThat(state).isEqualTo("succeeded");
  }

  @Test
  void answerFromRetrievalAndMemoryTogetherCitesTheChunk() throws Exception {
    HttpResponse<String> response = call("POST", "/v1/answers", Map.of("question", "Who approves hotfixes for production?",
        "collections", List.of(COLLECTION), "memoryNamespace", NAMESPACE), "e2e-answers-0002");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("grounded").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("degraded").asBoolean()).as(answer.path("degradedReasons").toString()).isFalse();
    assertThat(answer.path("answer").asString()).contains("two reviewers");
    JsonNode citation = answer.path("citations").get(0);
    assertThat(citation.path("kind").asString()).isEqualTo("chunk");
    assertThat(citation.path("documentId").asString()).isEqualTo("deploys");
    List<String> stages = new java.util.ArrayList<>();
    answer.path("trace").path("stages").forEach(stage -> stages.add(stage.path("stage").asString()));
    assertThat(stages).contains("retrieval", "memory", "fusion", "generation");
  }

  @Test
  void unknownCollectionIsA404Problem() throws Exception {
    HttpResponse<String> response = call("POST", "/v1/answers",
        Map.of("question", "Who approves hotfixes?", "collections", List.of("no-such-kb")), "e2e-answers-0003");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo("https://engram.dev/problems/unknown-collection");
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
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
