package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Every route against every kind of bad credential: missing, malformed, unknown, revoked, expired and
 * wrong-scope keys give 401/403 problem documents and never reach a service; health stays open; the admin
 * API is closed to everyone but the platform admin (and a tenant admin for its own keys).
 */
class AuthMatrixTests extends GatewayTestBase {

  record Route(HttpMethod method, String path, String scope) {
  }

  /** Every public route of the platform and the scope it needs. */
  static final List<Route> ROUTES = List.of(
      new Route(HttpMethod.GET, "/v1/collections", "read"),
      new Route(HttpMethod.POST, "/v1/collections", "write"),
      new Route(HttpMethod.GET, "/v1/collections/c1", "read"),
      new Route(HttpMethod.DELETE, "/v1/collections/c1", "write"),
      new Route(HttpMethod.POST, "/v1/collections/c1/documents", "write"),
      new Route(HttpMethod.POST, "/v1/collections/c1/search", "read"),
      new Route(HttpMethod.GET, "/v1/collections/c1/export", "read"),
      new Route(HttpMethod.POST, "/v1/collections/c1/restore", "write"),
      new Route(HttpMethod.GET, "/v1/jobs/j1", "read"),
      new Route(HttpMethod.GET, "/v1/retrieval/status", "read"),
      new Route(HttpMethod.POST, "/v1/memory/ns1/events", "write"),
      new Route(HttpMethod.POST, "/v1/memory/ns1/recall", "read"),
      new Route(HttpMethod.GET, "/v1/memory/status", "read"),
      new Route(HttpMethod.POST, "/v1/answers", "read"),
      new Route(HttpMethod.POST, "/v1/chat/completions", "read"),
      new Route(HttpMethod.GET, "/v1/llm/status", "read"),
      new Route(HttpMethod.POST, "/mcp", "read"),
      new Route(HttpMethod.GET, "/mcp", "read"),
      new Route(HttpMethod.DELETE, "/mcp", "read"));

  static final List<Route> ADMIN_ROUTES = List.of(
      new Route(HttpMethod.POST, "/admin/tenants", "platform"),
      new Route(HttpMethod.GET, "/admin/tenants", "platform"),
      new Route(HttpMethod.GET, "/admin/tenants/someone", "platform"),
      new Route(HttpMethod.PUT, "/admin/tenants/someone/rate-limit", "platform"),
      new Route(HttpMethod.POST, "/admin/tenants/someone/keys", "platform"),
      new Route(HttpMethod.GET, "/admin/tenants/someone/keys", "platform"),
      new Route(HttpMethod.DELETE, "/admin/tenants/someone/keys/abc", "platform"),
      new Route(HttpMethod.GET, "/actuator/prometheus", "platform"),
      new Route(HttpMethod.GET, "/actuator/metrics", "platform"));

  static String tenant;
  static String readKey;
  static String writeKey;
  static String revokedKey;
  static String expiredKey;

  @BeforeEach
  void keys() throws InterruptedException {
    if (tenant != null) {
      return;
    }
    tenant = newTenant("matrix");
    readKey = newKey(tenant, "read");
    writeKey = newKey(tenant, "write");
    Map<String, Object> revoked = createKey(tenant, null, "read", "write");
    revokedKey = (String) revoked.get("key");
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, revoked.get("id"))
        .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)).exchange().expectStatus().isNoContent();
    Instant expiry = Instant.now().plusMillis(1500);
    expiredKey = (String) createKey(tenant, expiry, "read", "write").get("key");
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis() + 100));
  }

  @Test
  void everyRouteRefusesBadCredentialsWith401Problems() {
    Map<String, String> credentials = new java.util.LinkedHashMap<>();
    credentials.put("missing", null);
    credentials.put("malformed", "Basic dXNlcjpwYXNz");
    credentials.put("malformed:empty-bearer", "Bearer ");
    credentials.put("malformed:not-a-key", "Bearer not-an-engram-key");
    credentials.put("malformed:truncated", "Bearer " + readKey.substring(0, 40));
    credentials.put("unknown", "Bearer egk_0000000000000000_" + "A".repeat(43));
    credentials.put("unknown:right-id-wrong-secret", "Bearer " + readKey.substring(0, 21) + "B".repeat(43));
    credentials.put("revoked", "Bearer " + revokedKey);
    credentials.put("expired", "Bearer " + expiredKey);
    int before = upstreamCalls.get();
    SoftAssertions softly = new SoftAssertions();
    List<Route> all = new ArrayList<>(ROUTES);
    all.addAll(ADMIN_ROUTES);
    for (Route route : all) {
      for (Map.Entry<String, String> credential : credentials.entrySet()) {
        EntityExchangeResult<Map> result = call(route, credential.getValue());
        String what = credential.getKey() + " on " + route;
        softly.assertThat(result.getStatus().value()).as(what).isEqualTo(401);
        softly.assertThat(result.getResponseHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        softly.assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(what).startsWith("Bearer");
        softly.assertThat(result.getResponseBody()).as(what)
            .containsEntry("type", "https://engram.dev/problems/unauthenticated")
            .containsEntry("status", 401)
            .containsEntry("reason", credential.getKey().split(":")[0]);
      }
    }
    softly.assertThat(upstreamCalls.get()).as("no refused request reached a service").isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void everyRouteRefusesAKeyWithoutItsScopeWith403AndLetsTheRightScopeThrough() {
    SoftAssertions softly = new SoftAssertions();
    for (Route route : ROUTES) {
      String wrong = route.scope().equals("read") ? writeKey : readKey;
      String right = route.scope().equals("read") ? readKey : writeKey;
      int before = upstreamCalls.get();
      EntityExchangeResult<Map> refused = call(route, bearer(wrong));
      softly.assertThat(refused.getStatus().value()).as("wrong scope on " + route).isEqualTo(403);
      softly.assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      softly.assertThat(refused.getResponseBody()).as("wrong scope on " + route)
          .containsEntry("type", "https://engram.dev/problems/forbidden")
          .containsEntry("requiredScope", route.scope());
      softly.assertThat(upstreamCalls.get()).as("refused " + route + " never reached a service").isEqualTo(before);

      EntityExchangeResult<Map> allowed = call(route, bearer(right));
      softly.assertThat(allowed.getStatus().value()).as("right scope on " + route).isEqualTo(200);
    }
    softly.assertAll();
  }

  @Test
  void adminKeyOfATenantIncludesReadAndWrite() {
    String admin = newKey(tenant, "admin");
    for (Route route : List.of(ROUTES.get(0), ROUTES.get(1), ROUTES.get(8))) {
      assertThat(call(route, bearer(admin)).getStatus().value()).as(route.toString()).isEqualTo(200);
    }
  }

  @Test
  void adminApiAndManagementAreClosedToTenantKeysAndPlatformKeyCannotActAsTenant() {
    String tenantAdmin = newKey(tenant, "admin");
    SoftAssertions softly = new SoftAssertions();
    for (Route route : ADMIN_ROUTES) {
      for (String key : List.of(readKey, writeKey, tenantAdmin)) {
        EntityExchangeResult<Map> result = call(route, bearer(key));
        softly.assertThat(result.getStatus().value()).as(route + " with a tenant key").isEqualTo(403);
        softly.assertThat(result.getResponseBody()).containsEntry("type", "https://engram.dev/problems/forbidden");
      }
    }
    for (Route route : ROUTES) {
      EntityExchangeResult<Map> result = call(route, bearer(ADMIN_KEY));
      softly.assertThat(result.getStatus().value()).as(route + " with the platform key").isEqualTo(403);
    }
    softly.assertAll();
    client.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isOk();
  }

  @Test
  void healthAndApiDocsAreOpen() {
    for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
      client.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }
    client.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private EntityExchangeResult<Map> call(Route route, String authorization) {
    var spec = client.method(route.method()).uri(route.path()).headers(h -> {
      if (authorization != null) {
        h.set(HttpHeaders.AUTHORIZATION, authorization);
      }
    });
    if (route.method() == HttpMethod.POST || route.method() == HttpMethod.PUT) {
      spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"requestsPerSecond\":1,\"burst\":1}");
    }
    return spec.exchange().expectBody(Map.class).returnResult();
  }
}
