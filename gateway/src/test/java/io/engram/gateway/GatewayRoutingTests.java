package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.support.identity.IdentityCodec;
import io.engram.support.identity.InternalIdentity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Routing, identity relay and problem documents of the gateway, against a real upstream HTTP server. */
class GatewayRoutingTests extends GatewayTestBase {

  @Test
  @SuppressWarnings("unchecked")
  void whenClientSendsIdentityHeadersThenTheyAreReplacedBySignedIdentityOfItsKey() {
    String tenant = newTenant("route");
    String key = newKey(tenant, "read");
    Map<String, Object> seen = client.get().uri("/v1/memory/status")
        .header(HttpHeaders.AUTHORIZATION, bearer(key))
        .header("X-Engram-Identity", "v1.evil.admin.9999999999.AAAA")
        .header("X-Tenant-Id", "evil")
        .header("X-Request-Id", "gw-test-000001")
        .exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("X-Request-Id", "gw-test-000001")
        .expectBody(Map.class).returnResult().getResponseBody();

    assertThat(seen.get("tenantHeader")).isEqualTo(false);
    assertThat(seen.get("authorization")).as("the key never leaves the gateway").isEqualTo(false);
    assertThat(seen.get("path")).isEqualTo("/v1/memory/status");
    assertThat(seen.get("requestId")).isEqualTo("gw-test-000001");
    InternalIdentity identity = new IdentityCodec(SECRET).verify((String) seen.get("identity")).orElseThrow();
    assertThat(identity.tenantId()).isEqualTo(tenant);
    assertThat(identity.scopes()).containsExactly("read");
  }

  @Test
  @SuppressWarnings("unchecked")
  void signedIdentityIsReusedPerTenantAndScopesAndNeverCarriesAnotherTenant() {
    String first = newTenant("reuse");
    String second = newTenant("reuse");
    String readKey = newKey(first, "read");
    String otherReadKey = newKey(first, "read");
    String writeKey = newKey(first, "read", "write");
    String secondKey = newKey(second, "read");
    java.util.function.Function<String, String> identityOf = key -> (String) client.get().uri("/v1/memory/status")
        .header(HttpHeaders.AUTHORIZATION, bearer(key)).exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody().get("identity");

    String token = identityOf.apply(readKey);
    assertThat(identityOf.apply(readKey)).as("same tenant and scopes: the signature is reused").isEqualTo(token);
    assertThat(identityOf.apply(otherReadKey)).isEqualTo(token);
    InternalIdentity write = new IdentityCodec(SECRET).verify(identityOf.apply(writeKey)).orElseThrow();
    assertThat(write.tenantId()).isEqualTo(first);
    assertThat(write.scopes()).containsExactlyInAnyOrder("read", "write");
    InternalIdentity other = new IdentityCodec(SECRET).verify(identityOf.apply(secondKey)).orElseThrow();
    assertThat(other.tenantId()).isEqualTo(second);
    InternalIdentity reused = new IdentityCodec(SECRET).verify(token).orElseThrow();
    assertThat(reused.tenantId()).isEqualTo(first);
    assertThat(reused.expiresAt()).as("at least half the lifetime is left")
        .isAfter(java.time.Instant.now().plusSeconds(60));
  }

  @Test
  @SuppressWarnings("unchecked")
  void whenRequestIdIsMalformedThenGatewayIssuesItsOwn() {
    String key = newKey(newTenant("route"), "read");
    Map<String, Object> seen = client.get().uri("/v1/collections").header("X-Request-Id", "bad id\twith tabs")
        .header(HttpHeaders.AUTHORIZATION, bearer(key))
        .exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat((String) seen.get("requestId")).matches("[0-9a-f-]{36}");
  }

  @Test
  void whenNoRouteMatchesThen404Problem() {
    String key = newKey(newTenant("route"), "read");
    client.get().uri("/v1/nothing-here").accept(MediaType.TEXT_HTML).header("X-Request-Id", "gw-test-404-01")
        .header(HttpHeaders.AUTHORIZATION, bearer(key))
        .exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type").isEqualTo("https://engram.dev/problems/not-found")
        .jsonPath("$.status").isEqualTo(404)
        .jsonPath("$.requestId").isEqualTo("gw-test-404-01");
  }
}
