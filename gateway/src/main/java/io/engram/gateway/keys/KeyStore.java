package io.engram.gateway.keys;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants and API keys in PostgreSQL (schema {@code gateway}). Blocking JDBC: callers on the reactive
 * path run it on a bounded elastic scheduler. Every method runs in a transaction that first sets
 * {@code engram.tenant_id} (a tenant, or {@code *} when acting for the platform), so row-level security
 * backs up the admin API's own tenant checks.
 */
@Repository
public class KeyStore {

  /** The row-level-security setting that acts for the whole platform (key lookup, platform admin). */
  public static final String PLATFORM = "*";

  private static final String KEY_COLUMNS = "k.id, k.tenant_id, k.name, k.secret_hash, k.scopes, k.created_at,"
      + " k.expires_at, k.revoked_at, k.last_used_at, t.rate_limit_per_second, t.rate_limit_burst";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  KeyStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  public <T> T as(String scope, Function<JdbcTemplate, T> work) {
    return transactions.execute(status -> {
      jdbc.queryForObject("select set_config('engram.tenant_id', ?, true)", String.class, scope);
      return work.apply(jdbc);
    });
  }

  /** Creates a tenant; false when the id is taken. */
  public boolean createTenant(Tenant tenant) {
    try {
      return as(PLATFORM, db -> db.update("insert into tenants (id, name, rate_limit_per_second, rate_limit_burst)"
              + " values (?, ?, ?, ?)", tenant.id(), tenant.name(),
          tenant.rateLimit() == null ? null : tenant.rateLimit().requestsPerSecond(),
          tenant.rateLimit() == null ? null : tenant.rateLimit().burst()) == 1);
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  public Optional<Tenant> findTenant(String scope, String tenantId) {
    return as(scope, db -> db.query("select * from tenants where id = ?", TENANT, tenantId).stream().findFirst());
  }

  public List<Tenant> listTenants() {
    return as(PLATFORM, db -> db.query("select * from tenants order by id", TENANT));
  }

  public boolean updateRateLimit(String tenantId, Tenant.RateLimitOverride limit) {
    return as(PLATFORM, db -> db.update("update tenants set rate_limit_per_second = ?, rate_limit_burst = ? where id = ?",
        limit == null ? null : limit.requestsPerSecond(), limit == null ? null : limit.burst(), tenantId) == 1);
  }

  public void insertKey(String tenantId, String id, String name, byte[] hash, Set<String> scopes, Instant expiresAt) {
    as(tenantId, db -> db.update("insert into api_keys (id, tenant_id, name, secret_hash, scopes, expires_at)"
            + " values (?, ?, ?, ?, ?::text[], ?)", id, tenantId, name, hash, toArray(scopes),
        expiresAt == null ? null : Timestamp.from(expiresAt)));
  }

  /** The key with this public id, whatever its tenant: the lookup behind authentication. */
  public Optional<StoredKey> findKey(String id) {
    return as(PLATFORM, db -> db.query("select " + KEY_COLUMNS + " from api_keys k join tenants t on t.id = k.tenant_id"
        + " where k.id = ?", KEY, id).stream().findFirst());
  }

  public List<StoredKey> listKeys(String tenantId) {
    return as(tenantId, db -> db.query("select " + KEY_COLUMNS + " from api_keys k join tenants t on t.id = k.tenant_id"
        + " where k.tenant_id = ? order by k.created_at, k.id", KEY, tenantId));
  }

  /** Revokes a key of this tenant (idempotent); false when the tenant has no such key. */
  public boolean revokeKey(String tenantId, String id) {
    return as(tenantId, db -> db.update("update api_keys set revoked_at = coalesce(revoked_at, now())"
        + " where tenant_id = ? and id = ?", tenantId, id) == 1);
  }

  /** Records when keys were last used, in one batch; never moves a time backwards. */
  public void recordLastUse(Map<String, Instant> lastUse) {
    if (lastUse.isEmpty()) {
      return;
    }
    List<Object[]> rows = lastUse.entrySet().stream()
        .map(e -> new Object[] {Timestamp.from(e.getValue()), e.getKey()}).toList();
    as(PLATFORM, db -> db.batchUpdate("update api_keys set last_used_at = greatest(coalesce(last_used_at, ?), ?)"
        + " where id = ?", rows.stream().map(r -> new Object[] {r[0], r[0], r[1]}).toList()));
  }

  private static String toArray(Set<String> scopes) {
    return "{" + String.join(",", scopes.stream().sorted().toList()) + "}";
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  private static Tenant.RateLimitOverride limit(ResultSet rs) throws SQLException {
    double rate = rs.getDouble("rate_limit_per_second");
    boolean noRate = rs.wasNull();
    int burst = rs.getInt("rate_limit_burst");
    return noRate || rs.wasNull() ? null : new Tenant.RateLimitOverride(rate, burst);
  }

  private static final RowMapper<Tenant> TENANT = (rs, n) ->
      new Tenant(rs.getString("id"), rs.getString("name"), instant(rs, "created_at"), limit(rs));

  private static final RowMapper<StoredKey> KEY = (rs, n) -> {
    Array scopes = rs.getArray("scopes");
    return new StoredKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getBytes("secret_hash"),
        Set.copyOf(Arrays.asList((String[]) scopes.getArray())), instant(rs, "created_at"), instant(rs, "expires_at"),
        instant(rs, "revoked_at"), instant(rs, "last_used_at"), limit(rs));
  };
}
