package io.engram.gateway.admin;

import io.engram.gateway.keys.StoredKey;
import io.engram.gateway.keys.Tenant;
import java.time.Instant;
import java.util.Set;

/** Request and response bodies of the admin API ({@link AdminController}). */
public final class AdminApi {

  private AdminApi() {
  }

  /** Creates a tenant; {@code rateLimit} overrides the configured per-tenant limit. */
  public record CreateTenant(String id, String name, Tenant.RateLimitOverride rateLimit) {
  }

  /** Creates a key; {@code scopes} from read, write, admin; no {@code expiresAt} means it never expires. */
  public record CreateKey(String name, Set<String> scopes, Instant expiresAt) {
  }

  /** A key as listed: never its secret. */
  public record KeyView(String id, String tenantId, String name, Set<String> scopes, Instant createdAt,
      Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

    static KeyView of(StoredKey key) {
      return new KeyView(key.id(), key.tenantId(), key.name(), key.scopes(), key.createdAt(), key.expiresAt(),
          key.revokedAt(), key.lastUsedAt());
    }
  }

  /** A key just made: the only time {@code key} is ever shown. */
  public record CreatedKey(String id, String key, String tenantId, String name, Set<String> scopes,
      Instant expiresAt) {
  }

  /** Who the presented key belongs to. */
  public record WhoAmI(String tenantId, String keyId, Set<String> scopes, boolean platformAdmin) {
  }
}
