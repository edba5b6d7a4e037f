package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.client.ApiClient;
import io.engram.client.api.AnswersApi;
import io.engram.client.api.CollectionsApi;
import io.engram.client.api.DocumentsApi;
import io.engram.client.api.MemoryApi;
import io.engram.client.model.AnswerRequest;
import io.engram.client.model.CreateCollection;
import io.engram.client.model.DocumentBatch;
import io.engram.client.model.DocumentPayload;
import io.engram.client.model.EventsRequest;
import io.engram.client.model.MemoryEvent;
import io.engram.client.model.RateLimitOverride;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The domain meters issue 19 asks for are on each service's {@code /actuator/prometheus} after a short run on the
 * real platform (an ingestion, memory notes, a fast and a deep answer with write-back, a tenant over its rate limit):
 * search latency per stage and recall path, ingestion documents and chunks, queue depth and job age, memory decisions
 * by kind, live items and compression ratio per namespace, deep-search rounds and stops, answer tokens by generator,
 * write-back outbox depth and failures, rate-limit rejections per tenant.
 */
class MetricsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A series: a meter name on a service and tags one of its lines must carry. */
  record Series(String service, String name, List<String> tags) {

    boolean in(String scrape) {
      return scrape.lines().anyMatch(l -> (l.startsWith(name + "{") || l.startsWith(name + " "))
          && tags.stream().allMatch(l::contains));
    }

    @Override
    public String toString() {
      return service + " " + name + tags;
    }
  }

  @Test
  void everyDomainMeterIsPublishedAfterAShortRun() throws Exception {
    Platform platform = Platform.shared();
    Platform.TenantKey tenant = platform.newTenant("metrics", "read", "write");
    ApiClient client = platform.client(tenant.key());
    new CollectionsApi(client).createCollection(new CreateCollection().name("handbook"));
    DocumentsApi documents = new DocumentsApi(client);
    String job = documents.ingestDocuments("handbook", new DocumentBatch().documents(List.of(
        new DocumentPayload().id("leave").title("Leave").text("Employees get twenty-five days of paid leave a year."),
        new DocumentPayload().id("remote").title("Remote work")
            .text("Remote work is allowed up to three days a week with the manager's agreement."))), null)
        .getJobId().toString();
    assertThat(Platform.awaitJob(documents, job, Duration.ofMinutes(2)).getState()).isEqualTo("succeeded");
    new MemoryApi(client).writeMemoryEvents("metrics-notes", new EventsRequest().events(List.of(
        new MemoryEvent().id("n1").kind("note").text("The payroll run moved to the 25th of each month."),
        new MemoryEvent().id("n2").kind("note").text("The payroll run moved to the 27th of each month."))));
    AnswersApi answers = new AnswersApi(client);
    answers.createAnswer(new AnswerRequest().question("How many days of paid leave do employees get?")
        .collections(List.of("handbook")).memoryNamespace("metrics-notes"));
    answers.createAnswer(new AnswerRequest().mode("deep").question("How often may employees work remotely?")
        .collections(List.of("handbook")));

    // a tenant allowed one request and then one every ten seconds: the next ones are refused
    Platform.TenantKey limited = platform.newTenant("metrics-limited", new RateLimitOverride().requestsPerSecond(0.1).burst(1),
        "read");
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url("gateway") + "/v1/collections"))
          .header("Authorization", "Bearer " + limited.key()).build(), HttpResponse.BodyHandlers.ofString());
      refused += r.statusCode() == 429 ? 1 : 0;
    }
    assertThat(refused).as("requests over the limit").isPositive();

    List<Series> expected = List.of(
        new Series("retrieval-service", "engram_search_seconds_count", List.of()),
        new Series("retrieval-service", "engram_search_stage_seconds_count", List.of("stage=\"")),
        new Series("retrieval-service", "engram_search_recall_seconds_count", List.of("path=\"bm25\"")),
        new Series("retrieval-service", "engram_search_recall_seconds_count", List.of("path=\"dense\"")),
        new Series("retrieval-service", "engram_ingest_documents_total", List.of("outcome=\"")),
        new Series("retrieval-service", "engram_ingest_chunks_total", List.of()),
        new Series("retrieval-service", "engram_ingest_queue_depth", List.of("state=\"queued\"")),
        new Series("retrieval-service", "engram_ingest_queue_oldest_age_seconds", List.of()),
        new Series("memory-service", "engram_memory_decisions_total", List.of("decision=\"")),
        new Series("memory-service", "engram_memory_items_live", List.of("tenant=\"", "namespace=\"")),
        new Series("memory-service", "engram_memory_compression_ratio", List.of("tenant=\"", "namespace=\"")),
        new Series("llm-service", "engram_deep_rounds_count", List.of()),
        new Series("llm-service", "engram_deep_stops_total", List.of("reason=\"")),
        new Series("llm-service", "engram_answer_tokens_total", List.of("generator=\"")),
        new Series("llm-service", "engram_writeback_outbox_depth", List.of("state=\"pending\"")),
        new Series("llm-service", "engram_writeback_failures_total", List.of("kind=\"")),
        new Series("gateway", "engram_ratelimit_rejections_total", List.of("tenant=\"" + limited.tenant() + "\"")));

    // the namespace gauges are read every few seconds on this platform (every minute by default)
    Map<String, String> scrapes = new LinkedHashMap<>();
    List<Series> missing = new ArrayList<>(expected);
    Instant deadline = Instant.now().plusSeconds(30);
    while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
      for (String service : List.of("gateway", "retrieval-service", "memory-service", "llm-service")) {
        // the gateway's actuator is behind its own authentication: the platform admin key
        scrapes.put(service, HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(service) + "/actuator/prometheus"))
            .header("Authorization", "Bearer " + Platform.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
      }
      missing = expected.stream().filter(s -> !s.in(scrapes.get(s.service()))).toList();
      if (!missing.isEmpty()) {
        Thread.sleep(500);
      }
    }
    assertThat(missing).as("meters missing from /actuator/prometheus").isEmpty();
    // bounded: the largest namespaces (20 by default) and one series for the rest
    assertThat(scrapes.get("memory-service").lines().filter(l -> l.startsWith("engram_memory_items_live{")).count())
        .isBetween(1L, 21L);
  }
}
