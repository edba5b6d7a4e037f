package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.identity.InternalIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Routing, identity relay and problem documents of the gateway, against a real upstream HTTP server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "engram.identity.secret=" + GatewayRoutingTests.SECRET)
@AutoConfigureWebTestClient
class GatewayRoutingTests {

  static final String SECRET = "gateway-test-secret-0123456789";
  static final Map<String, String> seen = new ConcurrentHashMap<>();
  static final HttpServer upstream = startUpstream();

  @Autowired
  WebTestClient client;

  static HttpServer startUpstream() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.getFirst()));
        seen.put(":path", exchange.getRequestURI().getPath());
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopUpstream() {
    upstream.stop(0);
  }

  @DynamicPropertySource
  static void routes(DynamicPropertyRegistry registry) {
    String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
    registry.add("ENGRAM_RETRIEVAL_URL", () -> url);
    registry.add("ENGRAM_MEMORY_URL", () -> url);
    registry.add("ENGRAM_LLM_URL", () -> "http://127.0.0.1:" + closedPort());
  }

  @Test
  void whenClientSendsIdentityHeadersThenTheyAreReplacedBySignedIdentity() {
    seen.clear();
    client.get().uri("/v1/memory/status")
        .header("X-Engram-Identity", "v1.evil.admin.9999999999.AAAA")
        .header("X-Tenant-Id", "evil")
        .header("X-Request-Id", "gw-test-000001")
        .exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("X-Request-Id", "gw-test-000001");

    assertThat(seen).doesNotContainKey("x-tenant-id");
    assertThat(seen.get(":path")).isEqualTo("/v1/memory/status");
    assertThat(seen.get("x-request-id")).isEqualTo("gw-test-000001");
    InternalIdentity identity = new IdentityCodec(SECRET).verify(seen.get("x-engram-identity")).orElseThrow();
    assertThat(identity.tenantId()).isEqualTo("local");
    assertThat(identity.scopes()).contains("read", "write");
  }

  @Test
  void whenRequestIdIsMalformedThenGatewayIssuesItsOwn() {
    seen.clear();
    client.get().uri("/v1/collections").header("X-Request-Id", "bad id\twith tabs")
        .exchange().expectStatus().isOk();
    assertThat(seen.get("x-request-id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void whenNoRouteMatchesThen404Problem() {
    client.get().uri("/v1/nothing-here").accept(MediaType.TEXT_HTML).header("X-Request-Id", "gw-test-404-01")
        .exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type").isEqualTo("https://engram.dev/problems/not-found")
        .jsonPath("$.status").isEqualTo(404)
        .jsonPath("$.requestId").isEqualTo("gw-test-404-01");
  }

  @Test
  void whenServiceIsDownThen503Problem() {
    client.post().uri("/v1/answers").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type").isEqualTo("https://engram.dev/problems/unavailable");
  }
}
