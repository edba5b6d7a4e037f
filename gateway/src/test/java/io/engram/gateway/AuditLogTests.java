package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.engram.gateway.admin.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admin actions leave an audit record (table and dedicated logger) with the acting key's id and never a
 * secret; a tenant sees only its own trail; a failed action leaves none; records cannot be changed.
 */
class AuditLogTests extends GatewayTestBase {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  TransactionTemplate transactions;

  ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void captureAuditLogger() {
    lines.start();
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).addAppender(lines);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(lines);
  }

  private <T> T inScope(String scope, Supplier<T> work) {
    return transactions.execute(status -> {
      jdbc.queryForObject("select set_config('engram.tenant_id', ?, true)", String.class, scope);
      return work.get();
    });
  }

  private JsonNode trail(String tenant, String key) {
    String body = client.get().uri("/admin/tenants/{t}/audit", tenant).header(HttpHeaders.AUTHORIZATION, bearer(key))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    return JSON.readTree(body);
  }

  @Test
  void everyAdminActionIsRecordedWithTheActingKeyAndNoSecret() {
    String tenant = newTenant("aud", Map.of("requestsPerSecond", 50, "burst", 100));
    client.put().uri("/admin/tenants/{t}/rate-limit", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("requestsPerSecond", 7, "burst", 14))
        .exchange().expectStatus().isOk();
    Map<String, Object> adminKey = createKey(tenant, null, "admin");
    String tenantAdmin = (String) adminKey.get("key");
    String tenantAdminId = (String) adminKey.get("id");
    Map<String, Object> readKey = client.post().uri("/admin/tenants/{t}/keys", tenant)
        .header(HttpHeaders.AUTHORIZATION, bearer(tenantAdmin)).header("X-Request-Id", "audit-test-request-1")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "reader", "scopes", List.of("read")))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    String readKeyId = (String) readKey.get("id");
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, readKeyId).header(HttpHeaders.AUTHORIZATION, bearer(tenantAdmin))
        .exchange().expectStatus().isNoContent();

    JsonNode trail = trail(tenant, tenantAdmin);

    assertThat(trail.findValuesAsString("action"))
        .containsExactly("key.revoked", "key.created", "key.created", "rate-limit.changed", "tenant.created");
    assertThat(trail.findValuesAsString("actorKeyId"))
        .containsExactly(tenantAdminId, tenantAdminId, "bootstrap", "bootstrap", "bootstrap");
    JsonNode revoked = trail.get(0);
    assertThat(revoked.get("targetKeyId").asString()).isEqualTo(readKeyId);
    assertThat(revoked.get("actorTenantId").asString()).isEqualTo(tenant);
    JsonNode created = trail.get(1);
    assertThat(created.get("requestId").asString()).isEqualTo("audit-test-request-1");
    assertThat(created.get("details").get("scopes").toString()).isEqualTo("[\"read\"]");
    assertThat(created.get("details").get("name").asString()).isEqualTo("reader");
    JsonNode platformActor = trail.get(2).get("actorTenantId");
    assertThat(platformActor == null || platformActor.isNull()).as("the platform admin acts for no tenant").isTrue();
    assertThat(trail.get(3).get("details").get("requestsPerSecond").asDouble()).isEqualTo(7.0);
    assertThat(trail.get(4).get("details").get("burst").asInt()).isEqualTo(100);

    // never a secret: not in the answer, the table or the log lines
    String[] secrets = {tenantAdmin, (String) readKey.get("key"), ADMIN_KEY,
        // the secret part: after "egk_<id>_" (the base64url secret itself may hold '_')
        tenantAdmin.substring(("egk_" + tenantAdminId + "_").length())};
    String rows = inScope("*", () -> jdbc.queryForList("select * from admin_audit where tenant_id = ?", tenant).toString());
    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(l -> l.contains("tenant=" + tenant + " ")).toList();
    assertThat(logged).hasSize(5);
    assertThat(logged.getFirst()).startsWith("action=tenant.created tenant=" + tenant + " actor=bootstrap actorTenant=-");
    assertThat(logged.getLast()).startsWith("action=key.revoked tenant=" + tenant + " actor=" + tenantAdminId
        + " actorTenant=" + tenant + " targetKey=" + readKeyId);
    for (String secret : secrets) {
      assertThat(trail.toString()).doesNotContain(secret);
      assertThat(rows).doesNotContain(secret);
      assertThat(logged).noneMatch(l -> l.contains(secret));
    }
  }

  @Test
  void aTenantSeesOnlyItsOwnTrail() {
    String a = newTenant("aud-a");
    String b = newTenant("aud-b");
    String adminOfB = newKey(b, "admin");
    client.get().uri("/admin/tenants/{t}/audit", a).header(HttpHeaders.AUTHORIZATION, bearer(adminOfB))
        .exchange().expectStatus().isForbidden();
    client.get().uri("/admin/tenants/{t}/audit", a).header(HttpHeaders.AUTHORIZATION, bearer(newKey(a, "read", "write")))
        .exchange().expectStatus().isForbidden();
    assertThat(trail(b, adminOfB).findValuesAsString("tenantId")).containsOnly(b).hasSize(2);
    // second wall: row-level security
    long seen = inScope(b, () -> jdbc.queryForObject("select count(*) from admin_audit where tenant_id = ?", Long.class, a));
    assertThat(seen).isZero();
  }

  @Test
  void aFailedActionLeavesNoRecordAndRecordsCannotBeChanged() {
    String tenant = newTenant("aud-f");
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("id", tenant))
        .exchange().expectStatus().isEqualTo(409);
    client.delete().uri("/admin/tenants/{t}/keys/{id}", tenant, "nosuchkey0000000").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isNotFound();
    assertThat(trail(tenant, ADMIN_KEY).findValuesAsString("action")).containsExactly("tenant.created");

    assertThatThrownBy(() -> inScope("*", () -> jdbc.update("update admin_audit set actor_key_id = 'x' where tenant_id = ?", tenant)))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> inScope("*", () -> jdbc.update("delete from admin_audit where tenant_id = ?", tenant)))
        .hasMessageContaining("append-only");
  }

  @Test
  void limitOutsideItsRangeIsAProblem() {
    String tenant = newTenant("aud-l");
    client.get().uri("/admin/tenants/{t}/audit?limit=0", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    client.get().uri("/admin/tenants/{t}/audit?limit=1", tenant).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
  }
}
