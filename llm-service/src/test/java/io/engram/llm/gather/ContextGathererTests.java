package io.engram.llm.gather;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.source.HttpSources;
import io.engram.llm.source.SourceProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** The gatherer over real HTTP clients against a hung server and a closed port. */
class ContextGathererTests {

  private SilentServer hung;
  private ContextGatherer gatherer;

  @BeforeEach
  void start() throws Exception {
    hung = new SilentServer();
    SourceProperties properties = new SourceProperties(SilentServer.closedUrl(), hung.url(), Duration.ofMillis(500),
        Duration.ofMillis(400), Duration.ofMillis(300));
    gatherer = new ContextGatherer(new HttpSources.Retrieval(RestClient.builder(), properties),
        new HttpSources.Memory(RestClient.builder(), properties), properties,
        ContextGatherer.defaultBreakers(Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() throws Exception {
    gatherer.close();
    hung.close();
  }

  private Gathered gather() {
    return gatherer.gather(new GatherRequest(List.of("who?"), List.of("kb"), "ns", "who?", List.of(), 5, 5,
        Instant.now().plusSeconds(10)));
  }

  @Test
  void whenOneSourceHangsAndTheOtherIsDownThenBothAreReportedWithinTheTimeouts() {
    long t0 = System.nanoTime();
    Gathered g = gather();
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(g.lists()).isEmpty();
    assertThat(g.degraded()).hasSize(2);
    assertThat(g.degraded()).anySatisfy(r -> assertThat(r).startsWith("retrieval:kb: retrieval unreachable"));
    assertThat(g.degraded()).anySatisfy(r -> assertThat(r).startsWith("memory:ns: no answer within"));
    assertThat(g.stages()).extracting(StageTrace::outcome).containsExactlyInAnyOrder("failed", "timeout");
    // parallel, each bounded by its own timeout (300 ms for memory), not the sum and not forever
    assertThat(tookMs).isLessThan(2_000);
  }

  @Test
  void whenASourceKeepsFailingThenItsCircuitOpensAndCallsStopReachingIt() {
    String last = null;
    for (int i = 0; i < 8; i++) {
      last = gather().degraded().stream().filter(r -> r.startsWith("retrieval")).findFirst().orElseThrow();
    }
    assertThat(last).isEqualTo("retrieval:kb: circuit open after repeated failures");
  }

  @Test
  void whenTheDeadlineIsShorterThanTheTimeoutThenTheDeadlineWins() {
    long t0 = System.nanoTime();
    Gathered g = gatherer.gather(new GatherRequest(List.of("q"), List.of(), "ns", "q", List.of(), 5, 5,
        Instant.now().plusMillis(100)));
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(290);
    assertThat(g.degraded()).singleElement().asString().startsWith("memory:ns: no answer within");
  }

  @Test
  void whenTheRetrievalServiceReadFromAReplicaThenTheStageTraceCarriesItsStalenessNote() throws Exception {
    com.sun.net.httpserver.HttpServer retrieval = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    retrieval.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = """
          {"hits":[{"chunkId":"7","documentId":"ferry","text":"The ferry leaves every forty minutes.","score":0.9}],
           "tookMs":3,"staleness":{"source":"replica","lagMs":120,"maxLagMs":10000}}""".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    retrieval.start();
    SourceProperties properties = new SourceProperties("http://127.0.0.1:" + retrieval.getAddress().getPort(),
        SilentServer.closedUrl(), Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(300));
    try (ContextGatherer replicaAware = new ContextGatherer(new HttpSources.Retrieval(RestClient.builder(), properties),
        new HttpSources.Memory(RestClient.builder(), properties), properties,
        ContextGatherer.defaultBreakers(Duration.ofSeconds(5)))) {
      Gathered g = replicaAware.gather(new GatherRequest(List.of("ferry?"), List.of("kb"), null, null, List.of(), 5, 5,
          Instant.now().plusSeconds(10)));
      assertThat(g.lists()).singleElement().satisfies(l -> assertThat(l.passages()).hasSize(1));
      assertThat(g.stages()).singleElement().satisfies(stage -> {
        assertThat(stage.outcome()).isEqualTo("ok");
        assertThat(stage.details().get("staleness")).isEqualTo(java.util.Map.of("source", "replica", "lagMs", 120,
            "maxLagMs", 10000));
      });
    } finally {
      retrieval.stop(0);
    }
  }
}
