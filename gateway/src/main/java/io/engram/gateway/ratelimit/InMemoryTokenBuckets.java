package io.engram.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this process: right for one replica, and the fallback when Redis is not configured
 * or not reachable (then each replica limits on its own). Idle buckets are forgotten after ten minutes,
 * which is the same as full.
 */
public class InMemoryTokenBuckets implements TokenBuckets {

  private static final class Bucket {
    double tokens = Double.NaN;
    long updatedNanos;
  }

  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).build();
  private final LongSupplier nanoTime;

  public InMemoryTokenBuckets() {
    this(System::nanoTime);
  }

  InMemoryTokenBuckets(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public Mono<Decision> take(String tenant, RateLimitProperties.Limit tenantLimit, String keyId,
      RateLimitProperties.Limit keyLimit) {
    return Mono.just(takeNow(tenant, tenantLimit, keyId, keyLimit));
  }

  Decision takeNow(String tenant, RateLimitProperties.Limit tenantLimit, String keyId, RateLimitProperties.Limit keyLimit) {
    Bucket tenantBucket = buckets.get("t:" + tenant, k -> new Bucket());
    Bucket keyBucket = buckets.get("k:" + keyId, k -> new Bucket());
    // always tenant before key: one fixed lock order, no deadlock
    synchronized (tenantBucket) {
      synchronized (keyBucket) {
        long now = nanoTime.getAsLong();
        double tenantTokens = refill(tenantBucket, tenantLimit, now);
        double keyTokens = refill(keyBucket, keyLimit, now);
        boolean allowed = tenantTokens >= 1 && keyTokens >= 1;
        if (allowed) {
          tenantBucket.tokens -= 1;
          keyBucket.tokens -= 1;
        }
        return Decision.of(allowed, tenantBucket.tokens, tenantLimit, keyBucket.tokens, keyLimit);
      }
    }
  }

  private static double refill(Bucket bucket, RateLimitProperties.Limit limit, long now) {
    if (Double.isNaN(bucket.tokens)) {
      bucket.tokens = limit.burst();
    } else {
      double elapsed = Math.max(0, now - bucket.updatedNanos) / 1e9;
      bucket.tokens = Math.min(limit.burst(), bucket.tokens + elapsed * limit.requestsPerSecond());
    }
    bucket.updatedNanos = now;
    return bucket.tokens;
  }
}
