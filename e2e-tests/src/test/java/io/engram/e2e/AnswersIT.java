package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.engram.client.ApiClient;
import io.engram.client.api.AnswersApi;
import io.engram.client.api.CollectionsApi;
import io.engram.client.api.DocumentsApi;
import io.engram.client.api.MemoryApi;
import io.engram.client.model.AnswerRequest;
import io.engram.client.model.AnswerResponse;
import io.engram.client.model.Citation;
import io.engram.client.model.CreateCollection;
import io.engram.client.model.DocumentBatch;
import io.engram.client.model.DocumentPayload;
import io.engram.client.model.EventsRequest;
import io.engram.client.model.EventsResponse;
import io.engram.client.model.IngestionAccepted;
import io.engram.client.model.MemoryEvent;
import io.engram.client.model.RecallRequest;
import io.engram.client.model.StageTrace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientResponseException;

/**
 * The answer path on the real platform through the generated Java client: client -> gateway -> llm-service
 * -> retrieval-service (search) and memory-service (recall) in parallel, then the answer's write-back lands
 * in memory as an interaction event. Offline (extractive) generation.
 */
class AnswersIT {

  static Platform platform;
  static Platform.TenantKey tenant;
  static final String NAMESPACE = "ops-notes";
  static final String COLLECTION = "handbook";

  @BeforeAll
  static void plantNotes() throws Exception {
    platform = Platform.shared();
    tenant = platform.newTenant("answers", "read", "write");
    EventsResponse events = new MemoryApi(client("e2e-answers-events")).writeMemoryEvents(NAMESPACE, new EventsRequest().events(List.of(
        new MemoryEvent().id("note-1").kind("note").text("The staging database was moved to the eu-west-2 region on 3 March."),
        new MemoryEvent().id("note-2").kind("note").text("The release train leaves every second Tuesday at noon."))));
    assertThat(events.getAccepted()).isEqualTo(2);
    assertThat(new CollectionsApi(client("e2e-answers-coll")).createCollection(new CreateCollection().name(COLLECTION)).getName())
        .isEqualTo(COLLECTION);
    DocumentsApi documents = new DocumentsApi(client("e2e-answers-docs"));
    IngestionAccepted accepted = documents.ingestDocuments(COLLECTION, new DocumentBatch().documents(List.of(
        new DocumentPayload().id("oncall").title("On-call")
            .text("The on-call engineer is paged through Opsgenie. Escalation goes to the team lead after fifteen minutes."),
        new DocumentPayload().id("deploys").title("Deploys")
            .text("Production deploys are frozen on Fridays. Hotfixes need approval from two reviewers."))), null);
    assertThat(Platform.awaitJob(documents, accepted.getJobId().toString(), Duration.ofMinutes(2)).getState())
        .isEqualTo("succeeded");
  }

  @Test
  void answerFromRetrievalAndMemoryTogetherCitesTheChunk() {
    AnswerResponse answer = new AnswersApi(client("e2e-answers-0002")).createAnswer(new AnswerRequest()
        .question("Who approves hotfixes for production?").collections(List.of(COLLECTION)).memoryNamespace(NAMESPACE));
    assertThat(answer.getGrounded()).as(answer.toString()).isTrue();
    assertThat(answer.getDegraded()).as(String.valueOf(answer.getDegradedReasons())).isFalse();
    assertThat(answer.getAnswer()).contains("two reviewers");
    Citation citation = answer.getCitations().getFirst();
    assertThat(citation.getKind()).isEqualTo("chunk");
    assertThat(citation.getDocumentId()).isEqualTo("deploys");
    assertThat(answer.getTrace().getStages()).extracting(StageTrace::getStage).contains("retrieval", "memory", "fusion", "generation");
  }

  @Test
  void unknownCollectionIsA404Problem() {
    RestClientResponseException problem = catchThrowableOfType(RestClientResponseException.class,
        () -> new AnswersApi(client("e2e-answers-0003")).createAnswer(new AnswerRequest()
            .question("Who approves hotfixes?").collections(List.of("no-such-kb"))));
    assertThat(problem.getStatusCode().value()).as(problem.getResponseBodyAsString()).isEqualTo(404);
    assertThat(problem.getResponseBodyAsString()).contains("\"type\":\"https://engram.dev/problems/unknown-collection\"");
  }

  @Test
  void answerFromMemoryIsGroundedCitedAndWrittenBack() throws Exception {
    String question = "Which region hosts the staging database?";
    AnswersApi answers = new AnswersApi(client("e2e-answers-0001"));
    AnswerResponse answer = null;
    // memory consolidates asynchronously: ask until the note is recallable
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      ResponseEntity<AnswerResponse> response = answers.createAnswerWithHttpInfo(
          new AnswerRequest().question(question).memoryNamespace(NAMESPACE));
      assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo("e2e-answers-0001");
      answer = response.getBody();
      if (Boolean.TRUE.equals(answer.getGrounded())) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(answer.getGrounded()).as(String.valueOf(answer)).isTrue();
    assertThat(answer.getGenerator()).isEqualTo("extractive");
    assertThat(answer.getDegraded()).as(String.valueOf(answer.getDegradedReasons())).isFalse();
    assertThat(answer.getAnswer()).contains("eu-west-2");
    Citation citation = answer.getCitations().getFirst();
    assertThat(citation.getKind()).isEqualTo("memory");
    assertThat(citation.getQuote()).contains("eu-west-2");

    // the interaction goes back to memory under an id derived from the request: recall finds it
    String eventId = answer.getWriteBack().getEventId();
    assertThat(answer.getWriteBack().getStatus()).isEqualTo("queued");
    MemoryApi memory = new MemoryApi(client("e2e-answers-recall"));
    boolean landed = false;
    deadline = Instant.now().plusSeconds(30);
    while (!landed && Instant.now().isBefore(deadline)) {
      landed = memory.recallMemory(NAMESPACE, new RecallRequest().query(question).topK(20)).getItems().stream()
          .anyMatch(item -> item.toString().contains(eventId));
      if (!landed) {
        Thread.sleep(500);
      }
    }
    assertThat(landed).as("write-back event " + eventId + " recalled from memory").isTrue();
  }

  /** Raw HTTP on purpose: a streamed completion is server-sent events, which the JSON client does not read. */
  @Test
  void openAiCompatibleStreamAnswersFromMemory() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(platform.url("gateway") + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + tenant.key())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"model":"engram","stream":true,"memoryNamespace":"%s",
             "messages":[{"role":"user","content":"When does the release train leave?"}]}""".formatted(NAMESPACE)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("chat.completion.chunk").contains("data:[DONE]");
  }

  /** The tenant's client, with a fixed request id so that the services' logs and the assertions can follow it. */
  private static ApiClient client(String requestId) {
    ApiClient client = platform.client(tenant.key());
    client.addDefaultHeader("X-Request-Id", requestId);
    return client;
  }
}
