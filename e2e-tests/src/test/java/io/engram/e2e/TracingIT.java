package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.client.ApiClient;
import io.engram.client.api.AnswersApi;
import io.engram.client.api.CollectionsApi;
import io.engram.client.api.DocumentsApi;
import io.engram.client.api.MemoryApi;
import io.engram.client.model.AnswerRequest;
import io.engram.client.model.AnswerResponse;
import io.engram.client.model.CreateCollection;
import io.engram.client.model.DocumentBatch;
import io.engram.client.model.DocumentPayload;
import io.engram.client.model.EventsRequest;
import io.engram.client.model.IngestionAccepted;
import io.engram.client.model.MemoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * One answer is one trace across the four services: the platform exports its spans over OTLP/HTTP to an
 * in-test collector ({@link OtlpCollector}, set with {@code management.otlp.tracing.endpoint}); the answer
 * through the gateway names its trace in the {@code traceresponse} header and in its own trace, and the
 * collector receives spans of that trace from the gateway, llm-service, retrieval-service and
 * memory-service, all hanging from the gateway's one root span, with the stage spans, and the write-back
 * the llm-service relays to memory after the answer (through its outbox) in the same trace.
 */
class TracingIT {

  private static final Pattern TRACE_RESPONSE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");
  private static final Set<String> SERVICES = Set.of("gateway", "llm-service", "retrieval-service", "memory-service");
  /** Stage spans by service: search stages and recall paths, memory recall and write, answer packing and generation. */
  private static final Set<String> STAGES = Set.of(
      "retrieval-service: engram.search", "retrieval-service: search rewrite", "retrieval-service: engram.search.recall",
      "memory-service: memory recall", "memory-service: memory write", "memory-service: memory decide",
      "llm-service: answer packing", "llm-service: answer generation", "llm-service: writeback delivery");

  @Test
  void oneAnswerYieldsOneTraceWithSpansFromAllFourServices() throws Exception {
    Platform platform = Platform.shared();
    Platform.TenantKey tenant = platform.newTenant("tracing", "read", "write");
    ApiClient client = platform.client(tenant.key());
    new CollectionsApi(client).createCollection(new CreateCollection().name("runbook"));
    DocumentsApi documents = new DocumentsApi(client);
    IngestionAccepted accepted = documents.ingestDocuments("runbook", new DocumentBatch().documents(List.of(
        new DocumentPayload().id("backups").title("Backups")
            .text("Database backups run every night at 02:00 and are kept for thirty days."))), null);
    assertThat(Platform.awaitJob(documents, accepted.getJobId().toString(), Duration.ofMinutes(2)).getState())
        .isEqualTo("succeeded");
    // a namespace with a note, so that the answer's memory recall searches it
    new MemoryApi(client).writeMemoryEvents("tracing-notes", new EventsRequest().events(List.of(
        new MemoryEvent().id("note-1").kind("note").text("Restores are rehearsed on the first Monday of every quarter."))));

    ResponseEntity<AnswerResponse> response = new AnswersApi(client).createAnswerWithHttpInfo(new AnswerRequest()
        .question("How long are database backups kept?").collections(List.of("runbook")).memoryNamespace("tracing-notes"));
    AnswerResponse answer = response.getBody();
    assertThat(answer.getGrounded()).as(String.valueOf(answer)).isTrue();
    assertThat(answer.getWriteBack().getStatus()).isEqualTo("queued");
    String traceresponse = response.getHeaders().getFirst("traceresponse");
    assertThat(traceresponse).as("traceresponse header").isNotNull().matches(TRACE_RESPONSE);
    Matcher ids = TRACE_RESPONSE.matcher(traceresponse);
    assertThat(ids.matches()).isTrue();
    String traceId = ids.group(1);
    assertThat(answer.getTrace().getTraceId()).as("the answer's trace names the same trace").isEqualTo(traceId);

    OtlpCollector collector = platform.collector();
    Predicate<List<OtlpCollector.ReceivedSpan>> complete = spans ->
        services(spans).containsAll(SERVICES) && names(spans).containsAll(STAGES)
            && spans.stream().anyMatch(s -> s.service().equals("memory-service") && s.name().contains("/events"))
            && spans.stream().filter(s -> s.parentSpanId().isEmpty()).count() == 1
            && spans.stream().allMatch(s -> s.parentSpanId().isEmpty()
                || spans.stream().anyMatch(p -> p.spanId().equals(s.parentSpanId())));
    Instant deadline = Instant.now().plusSeconds(30);
    List<OtlpCollector.ReceivedSpan> spans = collector.trace(traceId);
    while (Instant.now().isBefore(deadline) && !complete.test(spans)) {
      Thread.sleep(200);
      spans = collector.trace(traceId);
    }
    List<OtlpCollector.ReceivedSpan> trace = spans;
    String received = trace.stream().map(s -> s.service() + ": " + s.name()).sorted().collect(Collectors.joining("\n"));
    assertThat(services(spans)).as(received).containsAll(SERVICES);
    assertThat(names(spans)).as(received).containsAll(STAGES);
    List<OtlpCollector.ReceivedSpan> roots = spans.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
    assertThat(roots).as("one root span, the gateway's\n" + received).hasSize(1)
        .allSatisfy(root -> assertThat(root.service()).isEqualTo("gateway"));
    assertThat(trace).as("every span's parent is in the trace\n" + received).allSatisfy(s -> assertThat(
        s.parentSpanId().isEmpty() || trace.stream().anyMatch(p -> p.spanId().equals(s.parentSpanId()))).isTrue());
    // the write-back, relayed by the outbox after the answer was sent, joins the answer's trace
    assertThat(spans).as(received).anySatisfy(s -> {
      assertThat(s.service()).isEqualTo("memory-service");
      assertThat(s.name()).contains("/events");
    });

    // the Grafana dashboard the chart ships reads meters the services really publish (after a deep answer too)
    AnswerResponse deep = new AnswersApi(client).createAnswer(new AnswerRequest().mode("deep")
        .question("When do database backups run?").collections(List.of("runbook")));
    assertThat(deep.getMode()).isEqualTo("deep");
    Set<String> published = new java.util.TreeSet<>();
    for (String service : List.of("gateway", "retrieval-service", "memory-service", "llm-service")) {
      String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(platform.url(service) + "/actuator/prometheus")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.substring(0, l.indexOf('{') > 0 ? l.indexOf('{') : l.indexOf(' '))).forEach(published::add);
    }
    String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("engram.root", ".."))
        .resolve("helm/engram/dashboards/engram.json"));
    Matcher selector = Pattern.compile("([a-z_]+)\\{").matcher(dashboard);
    Set<String> used = new java.util.TreeSet<>();
    while (selector.find()) {
      used.add(selector.group(1));
    }
    // published with the first refusal and the first statement left out as noise, which this run has none of
    used.removeAll(Set.of("engram_ratelimit_rejections_total", "engram_memory_filtered_total"));
    assertThat(used).as("meters of the dashboard").hasSizeGreaterThan(15);
    assertThat(published).as("meters on /actuator/prometheus").containsAll(used);
  }

  private static Set<String> names(List<OtlpCollector.ReceivedSpan> spans) {
    return spans.stream().map(s -> s.service() + ": " + s.name()).collect(Collectors.toSet());
  }

  private static Set<String> services(List<OtlpCollector.ReceivedSpan> spans) {
    return spans.stream().map(OtlpCollector.ReceivedSpan::service).collect(Collectors.toSet());
  }
}
