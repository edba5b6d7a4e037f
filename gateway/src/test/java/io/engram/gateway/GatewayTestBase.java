package io.engram.gateway;

import com.sun.net.httpserver.HttpServer;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One gateway for all gateway integration tests (the context is shared): real PostgreSQL (schema
 * {@code gateway}), real Redis for the rate limits, and real HTTP servers standing in for the three
 * services. The upstream echoes what reached it, so tests see exactly what the gateway forwarded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "engram.identity.secret=" + GatewayTestBase.SECRET,
    "engram.gateway.auth.admin-key=" + GatewayTestBase.ADMIN_KEY,
    "engram.gateway.auth.last-use-flush=200ms",
    "engram.gateway.rate-limit.tenant.requests-per-second=2000",
    "engram.gateway.rate-limit.tenant.burst=4000",
    "engram.gateway.rate-limit.key.requests-per-second=2000",
    "engram.gateway.rate-limit.key.burst=4000",
    // a busy test machine can take longer than the 500 ms default to answer; past it a request falls back to
    // this process's buckets, and counts would then be of two buckets rather than the shared one under test
    "engram.gateway.rate-limit.redis-timeout=5s",
    "engram.gateway.limits.max-body-size=64KB",
    "engram.gateway.limits.routes[0].pattern=/v1/collections/*/documents",
    "engram.gateway.limits.routes[0].max-body-size=1MB",
    "engram.gateway.cors.allowed-origins=https://console.example",
    "ENGRAM_MEMORY_TIMEOUT_MS=1500"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(TestDatabaseConfiguration.class)
public abstract class GatewayTestBase {

  static final String SECRET = TestIdentities.SECRET;
  static final String ADMIN_KEY = "gateway-test-admin-key-0123456789abcdef";
  static final AtomicInteger upstreamCalls = new AtomicInteger();
  /** What a service's springdoc serves, in small. */
  static final String OPENAPI_FIXTURE = """
      {"openapi":"3.1.0","info":{"title":"svc","version":"1"},
       "paths":{"/v1/memory/{namespace}/recall":{"post":{"operationId":"recall","responses":{"200":{"description":"ok"}}}}},
       "components":{"schemas":{"RecallRequest":{"type":"object","properties":{"query":{"type":"string"}}}}}}
      """;
  static final HttpServer upstream = startUpstream();

  /**
   * A client on event loops of its own. The auto-configured WebTestClient shares Reactor Netty's global
   * loops with the gateway under test in this JVM, and now and then a response the gateway had written
   * never reached it (30 s stalls in AuthMatrixTests, never seen from a separate process in e2e-tests).
   */
  protected WebTestClient client;

  @org.springframework.boot.test.web.server.LocalServerPort
  int serverPort;

  private static final reactor.netty.resources.LoopResources CLIENT_LOOPS =
      reactor.netty.resources.LoopResources.create("gateway-test-client", 2, true);

  @org.junit.jupiter.api.BeforeEach
  void ownClient() {
    if (client == null) {
      reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create()
          .runOn(CLIENT_LOOPS, false);
      client = WebTestClient.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(http))
          .baseUrl("http://127.0.0.1:" + serverPort)
          .responseTimeout(java.time.Duration.ofSeconds(30))
          .build();
    }
  }

  static HttpServer startUpstream() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", exchange -> {
        upstreamCalls.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/v3/api-docs")) {
          byte[] doc = OPENAPI_FIXTURE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, doc.length);
          exchange.getResponseBody().write(doc);
          exchange.close();
          return;
        }
        if (path.contains("/slow")) {
          sleep(4000);
        }
        String identity = exchange.getRequestHeaders().getFirst("X-Engram-Identity");
        byte[] body = ("{\"path\":" + json(path) + ",\"identity\":" + json(identity)
            + ",\"authorization\":" + exchange.getRequestHeaders().containsKey("Authorization")
            + ",\"tenantHeader\":" + exchange.getRequestHeaders().containsKey("X-Tenant-Id")
            + ",\"requestId\":" + json(exchange.getRequestHeaders().getFirst("X-Request-Id")) + "}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Upstream", "echo");
        // as the services do (service-support RequestIdFilter): the request id comes back
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
          exchange.getResponseHeaders().set("X-Request-Id", requestId);
        }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void keepUpstream() {
    // the upstream lives as long as the shared context; the JVM ends both
  }

  @DynamicPropertySource
  static void routes(DynamicPropertyRegistry registry) {
    String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
    registry.add("ENGRAM_RETRIEVAL_URL", () -> url);
    registry.add("ENGRAM_MEMORY_URL", () -> url);
    registry.add("ENGRAM_LLM_URL", () -> url);
    registry.add("engram.gateway.rate-limit.redis-url", () -> TestRedis.url());
  }

  /** Creates a tenant with a unique id through the admin API. */
  protected String newTenant(String prefix) {
    return newTenant(prefix, null);
  }

  protected String newTenant(String prefix, Map<String, Object> rateLimit) {
    String tenant = TestIdentities.uniqueTenant(prefix);
    Map<String, Object> body = rateLimit == null ? Map.of("id", tenant) : Map.of("id", tenant, "rateLimit", rateLimit);
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated();
    return tenant;
  }

  /** Creates a key and returns the response body (id, key, ...). */
  @SuppressWarnings("unchecked")
  protected Map<String, Object> createKey(String tenant, Instant expiresAt, String... scopes) {
    Map<String, Object> body = expiresAt == null ? Map.of("name", "test", "scopes", List.of(scopes))
        : Map.of("name", "test", "scopes", List.of(scopes), "expiresAt", expiresAt.toString());
    return client.post().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  protected String newKey(String tenant, String... scopes) {
    return (String) createKey(tenant, null, scopes).get("key");
  }

  protected static String bearer(String key) {
    return "Bearer " + key;
  }
}
