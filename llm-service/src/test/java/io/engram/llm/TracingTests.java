package io.engram.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.engram.llm.gather.SilentServer;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer continues the caller's W3C trace: the trace id comes back in the {@code traceresponse} header and
 * in the answer's trace, travels in {@code traceparent} to the retrieval service (a stand-in recording it),
 * and the spans reach an OTLP collector (a stand-in receiving OTLP/HTTP) set with the property
 * {@code management.otlp.tracing.endpoint}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.otlp.tracing.endpoint=http://127.0.0.1:${engram.test.collector-port}/v1/traces")
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class TracingTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> retrievalTraceparents = new CopyOnWriteArrayList<>();
  private static final List<byte[]> exported = new CopyOnWriteArrayList<>();
  private static final HttpServer retrieval = server();
  private static final HttpServer collector = server();

  static {
    retrieval.createContext("/", exchange -> {
      retrievalTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
      exchange.getRequestBody().readAllBytes();
      byte[] body = """
          {"hits":[{"chunkId":"1","documentId":"acme","text":"Jane Roe founded Acme in 1999.","title":"Acme","score":0.9}],
           "tookMs":1}""".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    collector.createContext("/v1/traces", exchange -> {
      exported.add(exchange.getRequestBody().readAllBytes());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    retrieval.start();
    collector.start();
    // read by the context's properties below, before the environment is post-processed (dynamic properties come later)
    System.setProperty("engram.test.collector-port", Integer.toString(collector.getAddress().getPort()));
  }

  static HttpServer server() {
    try {
      return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) throws IOException {
    String closed = SilentServer.closedUrl();
    registry.add("engram.sources.retrieval-url", () -> "http://127.0.0.1:" + retrieval.getAddress().getPort());
    registry.add("engram.sources.memory-url", () -> closed);
    registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
  }

  @AfterAll
  static void stop() {
    retrieval.stop(0);
    collector.stop(0);
  }

  @LocalServerPort
  int port;

  @Test
  void anAnswerContinuesTheCallersTraceAcrossTheInternalCallAndIsExported() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
        .header("Content-Type", "application/json")
        .header("X-Engram-Identity", TestIdentities.token(TestIdentities.uniqueTenant("trace"), "read"))
        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Who founded Acme?\",\"collections\":[\"kb\"]}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying(v ->
        assertThat(v).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain("00f067aa0ba902b7"));
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("trace").path("traceId").asString()).isEqualTo(traceId);
    assertThat(retrievalTraceparents).as("traceparent the retrieval service received")
        .anySatisfy(tp -> assertThat(tp).matches("00-" + traceId + "-[0-9a-f]{16}-01"));

    byte[] rawTraceId = HexFormat.of().parseHex(traceId);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline) && exported.stream().noneMatch(b -> contains(b, rawTraceId))) {
      Thread.sleep(100);
    }
    assertThat(exported).as("OTLP exports").anySatisfy(body -> {
      assertThat(contains(body, rawTraceId)).as("holds the trace id").isTrue();
      assertThat(new String(body, StandardCharsets.ISO_8859_1)).contains("llm-service");
    });
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
