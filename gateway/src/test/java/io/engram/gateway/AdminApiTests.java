package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The admin API: tenants and keys, who may manage what, and what is stored about a key. */
class AdminApiTests extends GatewayTestBase {

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  TransactionTemplate transactions;

  private <T> T inScope(String scope, java.util.function.Supplier<T> work) {
    return transactions.execute(status -> {
      jdbc.queryForObject("select set_config('engram.tenant_id', ?, true)", String.class, scope);
      return work.get();
    });
  }

  @Test
  void whenKeyIsCreatedThenItIsShownOnceAndStoredOnlyAsItsHash() {
    String tenant = newTenant("adm");
    Map<String, Object> created = createKey(tenant, null, "read", "write");
    String key = (String) created.get("key");
    assertThat(key).matches("egk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}");
    assertThat(key).startsWith("egk_" + created.get("id") + "_");

    // the row holds the SHA-256 of the key, and nothing in it contains the key or its secret
    Map<String, Object> row = inScope("*", () -> jdbc.queryForMap("select id, name, encode(secret_hash, 'hex') as hash,"
        + " scopes::text as scopes from gateway.api_keys where id = ?", created.get("id")));
    String secret = key.substring(key.lastIndexOf('_') + 1);
    assertThat(row.toString()).doesNotContain(secret);
    assertThat(row.get("hash")).isEqualTo(sha256Hex(key));

    // listing shows the key without any secret
    String listed = client.get().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(listed).contains((String) created.get("id")).doesNotContain(secret).doesNotContain("\"key\"");
  }

  @Test
  void whenKeyIsUsedThenLastUsedIsRecordedShortlyAfter() throws Exception {
    String tenant = newTenant("adm");
    Map<String, Object> created = createKey(tenant, null, "read");
    Instant before = Instant.now().minusSeconds(1);
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer((String) created.get("key")))
        .exchange().expectStatus().isOk();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    String lastUsed = null;
    while (lastUsed == null && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      lastUsed = lastUsed(tenant, (String) created.get("id"));
    }
    assertThat(lastUsed).isNotNull();
    assertThat(Instant.parse(lastUsed)).isAfter(before);
  }

  @SuppressWarnings("unchecked")
  private String lastUsed(String tenant, String id) {
    List<Map<String, Object>> keys = client.get().uri("/admin/tenants/{t}/keys", tenant)
        .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    return (String) keys.stream().filter(k -> id.equals(k.get("id"))).findFirst().orElseThrow().get("lastUsedAt");
  }

  @Test
  void whenKeyIsRevokedThenItStopsWorkingAtOnce() {
    String tenant = newTenant("adm");
    Map<String, Object> created = createKey(tenant, null, "read");
    String key = (String) created.get("key");
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key)).exchange().expectStatus().isOk();
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, created.get("id"))
        .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)).exchange().expectStatus().isNoContent();
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key)).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.reason").isEqualTo("revoked");
  }

  @Test
  void tenantAdminManagesItsOwnKeysButNoOtherTenantAndNoTenants() {
    String tenant = newTenant("adm");
    String other = newTenant("adm");
    String admin = newKey(tenant, "admin");
    Map<String, Object> otherKey = createKey(other, null, "read");

    // its own keys: create, list, revoke
    String id = (String) client.post().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("read")))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
    client.get().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$[?(@.id == '" + id + "')]").exists();
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, id).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isNoContent();

    // another tenant's keys: neither list, create nor revoke
    client.get().uri("/admin/tenants/{t}/keys", other).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    client.post().uri("/admin/tenants/{t}/keys", other).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("admin")))
        .exchange().expectStatus().isForbidden();
    client.delete().uri("/admin/tenants/{t}/keys/{id}", other, otherKey.get("id")).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isForbidden();
    // revoking another tenant's key through one's own tenant path finds nothing
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, otherKey.get("id")).header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isNotFound();
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer((String) otherKey.get("key")))
        .exchange().expectStatus().isOk();

    // tenants are the platform admin's
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("id", "sneaky"))
        .exchange().expectStatus().isForbidden();
    client.get().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(admin))
        .exchange().expectStatus().isForbidden();
  }

  @Test
  void rowLevelSecurityHidesOtherTenantsKeysEvenFromADirectQuery() {
    String tenant = newTenant("rls");
    String other = newTenant("rls");
    newKey(tenant, "read");
    newKey(other, "read");
    List<String> seen = inScope(tenant, () -> jdbc.queryForList(
        "select tenant_id from gateway.api_keys where tenant_id in (?, ?)", String.class, tenant, other));
    List<String> all = inScope("*", () -> jdbc.queryForList(
        "select distinct tenant_id from gateway.api_keys where tenant_id in (?, ?)", String.class, tenant, other));
    assertThat(all).containsExactlyInAnyOrder(tenant, other);
    assertThat(seen).containsExactly(tenant);
  }

  @Test
  void badAdminRequestsAreProblems() {
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("id", "has space"))
        .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.type")
        .isEqualTo("https://engram.dev/problems/invalid-tenant-id");
    String tenant = newTenant("adm");
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("id", tenant))
        .exchange().expectStatus().isEqualTo(409);
    client.post().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("root")))
        .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.type")
        .isEqualTo("https://engram.dev/problems/invalid-scopes");
    client.post().uri("/admin/tenants/{t}/keys", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("read"), "expiresAt", "2001-01-01T00:00:00Z"))
        .exchange().expectStatus().isBadRequest();
    client.post().uri("/admin/tenants/{t}/keys", "no-such-tenant-x").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", List.of("read")))
        .exchange().expectStatus().isNotFound();
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\": [1,2")
        .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void whoAmITellsTenantAndScopesOfTheKey() {
    String tenant = newTenant("who");
    String key = newKey(tenant, "read", "write");
    client.get().uri("/auth/whoami").header(HttpHeaders.AUTHORIZATION, bearer(key))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.tenantId").isEqualTo(tenant)
        .jsonPath("$.platformAdmin").isEqualTo(false);
  }

  private static String sha256Hex(String key) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
