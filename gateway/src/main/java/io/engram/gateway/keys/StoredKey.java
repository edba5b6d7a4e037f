package io.engram.gateway.keys;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as stored: never the key itself, only its hash, with what it grants and its life cycle.
 *
 * @param tenantRateLimit the owning tenant's rate limit override (null: configured default), read with
 *                        the key so that one lookup serves both authentication and rate limiting
 */
public record StoredKey(String id, String tenantId, String name, byte[] secretHash, Set<String> scopes,
    Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
    Tenant.RateLimitOverride tenantRateLimit) {

  public boolean revoked() {
    return revokedAt != null;
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
