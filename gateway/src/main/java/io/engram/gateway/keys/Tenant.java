package io.engram.gateway.keys;

import java.time.Instant;

/**
 * A tenant: everything it stores in the platform is isolated under its id.
 *
 * @param rateLimit the tenant's own rate limit, or null for the configured one
 */
public record Tenant(String id, String name, Instant createdAt, RateLimitOverride rateLimit) {

  /** A per-tenant rate limit set through the admin API: a token bucket of {@code burst} refilled at {@code requestsPerSecond}. */
  public record RateLimitOverride(double requestsPerSecond, int burst) {
    public RateLimitOverride {
      if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
        throw new IllegalArgumentException("illegal requestsPerSecond " + requestsPerSecond + ", must be a positive finite number");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("illegal burst " + burst + ", must be at least 1");
      }
    }
  }
}
