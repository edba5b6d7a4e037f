package io.engram.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits. A tenant's limit is, first match wins: its override set through the admin API, its entry
 * in {@code tenants}, {@code tenant}. Each key also has its own bucket ({@code key}), so that one busy key
 * cannot spend its whole tenant's budget when the key limit is set below the tenant's.
 *
 * @param redisUrl Redis shared by the replicas ({@code ENGRAM_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379});
 *                 empty: buckets in this process only
 * @param tenant   default per-tenant bucket
 * @param key      default per-key bucket
 * @param tenants  per-tenant overrides by tenant id
 * @param redisTimeout past this a request stops waiting for Redis and is limited in this process
 * @param redisConnectTimeout how long the gateway waits for Redis when it connects at start; generous, since
 *                 a busy node or a Redis that starts alongside the gateway must not fail the gateway's start
 * @param leaseWindow how long a replica may hand out tokens it took from Redis ahead of need (see
 *                 {@link RedisTokenBuckets}); 0: one Redis call per request
 */
@ConfigurationProperties("engram.gateway.rate-limit")
public record RateLimitProperties(
    String redisUrl,
    @DefaultValue({"100", "200"}) Limit tenant,
    @DefaultValue({"100", "200"}) Limit key,
    Map<String, Limit> tenants,
    @DefaultValue("500ms") Duration redisTimeout,
    @DefaultValue("15s") Duration redisConnectTimeout,
    @DefaultValue("50ms") Duration leaseWindow) {

  public RateLimitProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  /** A token bucket: holds {@code burst} tokens, refilled at {@code requestsPerSecond}; a request takes one. */
  public record Limit(double requestsPerSecond, int burst) {
    public Limit {
      if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
        throw new IllegalArgumentException("illegal requestsPerSecond " + requestsPerSecond + ", must be a positive finite number");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("illegal burst " + burst + ", must be at least 1");
      }
    }
  }
}
