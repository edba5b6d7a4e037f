package io.engram.gateway.admin;

import io.engram.gateway.auth.Caller;
import io.engram.gateway.keys.KeyStore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail of admin actions (table {@code gateway.admin_audit}): tenant created, key created or
 * revoked, rate limit changed. A record is written in the transaction of the change, so a change and its
 * record commit or roll back together, and once committed it also goes to the dedicated logger
 * {@value #LOGGER} (one line: action, tenant, actor key id, target key id, request id). The actor is the
 * acting key's public id, never a secret; the table is append-only and row-level secured like the keys.
 */
@Repository
public class AuditLog {

  /** The dedicated logger of admin actions, for shipping to a SIEM apart from the application log. */
  public static final String LOGGER = "io.engram.gateway.audit";

  /** What was done. */
  public enum Action {
    TENANT_CREATED("tenant.created"), KEY_CREATED("key.created"), KEY_REVOKED("key.revoked"),
    RATE_LIMIT_CHANGED("rate-limit.changed");

    private final String wire;

    Action(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * One audit record as the admin API shows it.
   *
   * @param actorTenantId the acting key's tenant, null for the platform admin
   * @param targetKeyId   the key created or revoked, null otherwise
   */
  @Schema(description = "One audit record: who changed what of a tenant, when.")
  public record AuditRecord(
      @Schema(description = "The record's id, increasing with time.") long id,
      @Schema(description = "When it happened.") Instant at,
      @Schema(description = "The tenant changed.") String tenantId,
      @Schema(description = "What happened.", allowableValues = {"tenant.created", "key.created", "key.revoked",
          "rate-limit.changed"}) String action,
      @Schema(description = "The acting key's id (never a secret).") String actorKeyId,
      @Schema(description = "The acting key's tenant; null for the platform admin.") String actorTenantId,
      @Schema(description = "The key created or revoked; null otherwise.") String targetKeyId,
      @Schema(description = "What was set: a key's name, scopes and expiry, a tenant's name or rate limit.")
      Map<String, Object> details,
      @Schema(description = "The request id of the change.") String requestId) {
  }

  private static final Logger audit = LoggerFactory.getLogger(LOGGER);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcTemplate jdbc;
  private final KeyStore store;

  AuditLog(JdbcTemplate jdbc, KeyStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  /**
   * Appends a record; call it inside the change's transaction ({@link KeyStore#as}). The log line follows
   * the commit, so a rolled-back change logs nothing.
   */
  void record(Caller actor, Action action, String tenantId, String targetKeyId, Map<String, ?> details, String requestId) {
    String json = JSON.writeValueAsString(new TreeMap<>(details));
    jdbc.update("insert into admin_audit (tenant_id, action, actor_key_id, actor_tenant_id, target_key_id, details,"
            + " request_id) values (?, ?, ?, ?, ?, ?::jsonb, ?)", tenantId, action.wire(), actor.keyId(),
        actor.platformAdmin() ? null : actor.tenantId(), targetKeyId, json, requestId);
    Runnable line = () -> audit.info("action={} tenant={} actor={} actorTenant={} targetKey={} details={} requestId={}",
        action.wire(), tenantId, actor.keyId(), actor.platformAdmin() ? "-" : actor.tenantId(),
        targetKeyId == null ? "-" : targetKeyId, json, requestId);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          line.run();
        }
      });
    } else {
      line.run();
    }
  }

  /** The newest {@code limit} records of a tenant, newest first, seen as {@code scope} (row-level security). */
  public List<AuditRecord> list(String scope, String tenantId, int limit) {
    return store.as(scope, db -> db.query("select * from admin_audit where tenant_id = ? order by at desc, id desc limit ?",
        ENTRY, tenantId, limit));
  }

  private static final RowMapper<AuditRecord> ENTRY = (rs, n) -> {
    Timestamp at = rs.getTimestamp("at");
    Map<String, Object> details = JSON.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() { });
    return new AuditRecord(rs.getLong("id"), at.toInstant(), rs.getString("tenant_id"), rs.getString("action"),
        rs.getString("actor_key_id"), rs.getString("actor_tenant_id"), rs.getString("target_key_id"), details,
        rs.getString("request_id"));
  };
}
