package io.engram.gateway.keys;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A tenant: everything it stores in the platform is isolated under its id.
 *
 * @param rateLimit the tenant's own rate limit, or null for the configured one
 */
@Schema(description = "A tenant: everything it stores in the platform is isolated under its id.")
public record Tenant(
    @Schema(description = "The tenant's id.") String id,
    @Schema(description = "The tenant's display name.") String name,
    @Schema(description = "When the tenant was created.") Instant createdAt,
    @Schema(description = "The tenant's own rate limit; null: the configured per-tenant limit.") RateLimitOverride rateLimit) {

  /** A per-tenant rate limit set through the admin API: a token bucket of {@code burst} refilled at {@code requestsPerSecond}. */
  @Schema(description = "A per-tenant rate limit: a token bucket of burst requests, refilled at requestsPerSecond.")
  public record RateLimitOverride(
      @Schema(description = "Requests per second the bucket refills at: a positive finite number (required).",
          example = "20")
      double requestsPerSecond,
      @Schema(description = "How many requests may come at once: at least 1 (required).", minimum = "1", example = "40")
      int burst) {
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
