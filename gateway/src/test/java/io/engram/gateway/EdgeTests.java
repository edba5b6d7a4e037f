package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** Body size limits, CORS, per-route timeouts and the access log. */
@ExtendWith(OutputCaptureExtension.class)
class EdgeTests extends GatewayTestBase {

  @LocalServerPort
  int port;

  @Test
  void bodyAboveTheRouteLimitIsA413ProblemAndNeverReachesTheService() {
    String key = newKey(newTenant("edge"), "write");
    int before = upstreamCalls.get();
    client.post().uri("/v1/memory/ns/events").header(HttpHeaders.AUTHORIZATION, bearer(key))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("x".repeat(100 * 1024))
        .exchange().expectStatus().isEqualTo(413)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.type").isEqualTo("https://engram.dev/problems/payload-too-large")
        .jsonPath("$.maxBytes").isEqualTo(64 * 1024);
    assertThat(upstreamCalls.get()).isEqualTo(before);

    // the documents route has its own, larger limit
    client.post().uri("/v1/collections/c1/documents").header(HttpHeaders.AUTHORIZATION, bearer(key))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("x".repeat(500 * 1024))
        .exchange().expectStatus().isOk();
  }

  @Test
  void chunkedBodyAboveTheLimitIsCutOffWithA413Problem() {
    String key = newKey(newTenant("edge"), "write");
    byte[] chunk = "y".repeat(8 * 1024).getBytes(StandardCharsets.UTF_8);
    Flux<DataBuffer> body = Flux.range(0, 40).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
    var result = WebClient.create("http://127.0.0.1:" + port).post().uri("/v1/memory/ns/events")
        .header(HttpHeaders.AUTHORIZATION, bearer(key)).contentType(MediaType.APPLICATION_JSON)
        .body(body, DataBuffer.class)
        .exchangeToMono(r -> r.bodyToMono(String.class).map(b -> Map.entry(r.statusCode().value(), b)))
        .block(Duration.ofSeconds(20));
    assertThat(result.getKey()).isEqualTo(413);
    assertThat(result.getValue()).contains("payload-too-large");
  }

  @Test
  void corsAllowsTheConfiguredOriginOnlyAndAnswersPreflightWithoutAKey() {
    client.options().uri("/v1/collections")
        .header(HttpHeaders.ORIGIN, "https://console.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .exchange().expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.example");
    client.options().uri("/v1/collections")
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange().expectStatus().isForbidden()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.type").isEqualTo("https://engram.dev/problems/cors-rejected");

    String key = newKey(newTenant("edge"), "read");
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key))
        .header(HttpHeaders.ORIGIN, "https://console.example")
        .exchange().expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.example")
        .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, v -> assertThat(v).contains("RateLimit-Remaining"));
  }

  @Test
  void slowServiceHitsItsRouteTimeoutAsA504Problem() {
    String key = newKey(newTenant("edge"), "read");
    long started = System.nanoTime();
    client.get().uri("/v1/memory/slow").header(HttpHeaders.AUTHORIZATION, bearer(key))
        .exchange().expectStatus().isEqualTo(504)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.type").isEqualTo("https://engram.dev/problems/gateway-timeout");
    // the memory route's 1.5 s, not the upstream's 4 s nor the global 60 s
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
  }

  @Test
  void accessLogNamesTenantAndKeyIdButNeverTheKeyOrQuery(CapturedOutput output) throws InterruptedException {
    String tenant = newTenant("edge");
    Map<String, Object> created = createKey(tenant, null, "read");
    String key = (String) created.get("key");
    client.method(HttpMethod.GET).uri("/v1/collections?api_key=" + key.substring(30) + "&q=x%0Afake")
        .header(HttpHeaders.AUTHORIZATION, bearer(key)).header("X-Request-Id", "access-log-test-1")
        .exchange().expectStatus().isOk();
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, "Bearer " + key.substring(0, 63) + "Z")
        .header("X-Request-Id", "access-log-test-2").exchange().expectStatus().isUnauthorized();
    Thread.sleep(200);
    String log = output.getAll();
    assertThat(log).containsPattern("GET /v1/collections 200 \\d+ms tenant=" + tenant + " key=" + created.get("id")
        + " requestId=access-log-test-1");
    assertThat(log).containsPattern("GET /v1/collections 401 \\d+ms tenant=- key=- requestId=access-log-test-2");
    assertThat(log).doesNotContain(key.substring(21)).doesNotContain(key.substring(30)).doesNotContain("Bearer egk");
  }
}
