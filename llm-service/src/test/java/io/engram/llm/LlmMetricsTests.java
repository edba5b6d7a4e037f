package io.engram.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.gather.SilentServer;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.writeback.WriteBackOutbox;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After a fast and a deep answer and a failed write-back (both sources down), the answering, deep-search and
 * write-back meters are on /actuator/prometheus with what happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class LlmMetricsTests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void sourcesDown(DynamicPropertyRegistry registry) throws IOException {
    String closed = SilentServer.closedUrl();
    registry.add("engram.sources.retrieval-url", () -> closed);
    registry.add("engram.sources.memory-url", () -> closed);
    registry.add("engram.llm.write-back.initial-backoff", () -> "30s");
  }

  @LocalServerPort
  int port;

  @Autowired
  WriteBackOutbox outbox;

  private final String tenant = TestIdentities.uniqueTenant("meters");

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").header("X-Engram-Identity", TestIdentities.token(tenant, "read"));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first sample of {@code metric} whose labels contain all of {@code labels}. */
  static OptionalDouble sample(String scrape, String metric, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$").matcher(scrape);
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) {
        return OptionalDouble.of(Double.parseDouble(m.group(2)));
      }
    }
    return OptionalDouble.empty();
  }

  @Test
  void answeringDeepSearchAndWriteBackMetersAppear() throws Exception {
    HttpResponse<String> fast = call("POST", "/v1/answers", "{\"question\":\"Who founded the company?\",\"collections\":[\"kb\"]}");
    assertThat(fast.statusCode()).isEqualTo(200);
    // no OTLP endpoint here: nothing is sampled or exported, but the answer still names its trace
    String traceId = tools.jackson.databind.json.JsonMapper.builder().build().readTree(fast.body())
        .path("trace").path("traceId").asString();
    assertThat(traceId).matches("[0-9a-f]{32}");
    assertThat(fast.headers().firstValue("traceresponse")).hasValueSatisfying(v ->
        assertThat(v).matches("00-" + traceId + "-[0-9a-f]{16}-00"));
    assertThat(call("POST", "/v1/answers", """
        {"question":"Who founded the company?","collections":["kb"],"mode":"deep",
         "budget":{"maxRounds":2,"maxWallMs":3000,"maxTokens":5000}}""").statusCode()).isEqualTo(200);
    String eventId = WriteBackOutbox.eventId(tenant, "req-meters", "ns", "q");
    outbox.enqueue(tenant, "ns", new MemoryEvent(eventId, "interaction", null, "q", "a", List.of(), null, List.of()));

    String scrape = "";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      scrape = call("GET", "/actuator/prometheus", null).body();
      if (sample(scrape, "engram_writeback_failures_total", "kind=\"transient\"").orElse(0) >= 1
          && sample(scrape, "engram_writeback_outbox_depth", "state=\"pending\"").orElse(0) >= 1) {
        break;
      }
      Thread.sleep(250);
    }
    String all = scrape;
    assertThat(sample(all, "engram_writeback_failures_total", "kind=\"transient\"").orElse(-1)).as(all).isGreaterThanOrEqualTo(1);
    assertThat(sample(all, "engram_writeback_outbox_depth", "state=\"pending\"").orElse(-1)).isGreaterThanOrEqualTo(1);
    assertThat(sample(all, "engram_writeback_outbox_depth", "state=\"dead\"")).isPresent();
    assertThat(sample(all, "engram_writeback_delivered_total")).isPresent();
    assertThat(sample(all, "engram_answer_stage_seconds_count", "outcome=\"not-supported\"", "stage=\"generation\"").orElse(-1)).isGreaterThanOrEqualTo(2);
    assertThat(sample(all, "engram_answer_stage_seconds_count", "stage=\"retrieval\"").orElse(-1)).isGreaterThanOrEqualTo(2);
    assertThat(sample(all, "engram_answer_tokens_total", "generator=\"extractive\"", "kind=\"completion\"")).isPresent();
    assertThat(sample(all, "engram_answers_total", "mode=\"deep\"", "degraded=\"true\"").orElse(-1)).isGreaterThanOrEqualTo(1);
    assertThat(sample(all, "engram_deep_rounds_count").orElse(-1)).isGreaterThanOrEqualTo(1);
    assertThat(sample(all, "engram_deep_stops_total", "reason=\"no source answered\"").orElse(-1)).isGreaterThanOrEqualTo(1);
  }
}
