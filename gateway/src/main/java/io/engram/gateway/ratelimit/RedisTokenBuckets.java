package io.engram.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway replica: one Lua script call takes from both buckets
 * atomically ({@code ratelimit/token_buckets.lua}). Spring Cloud Gateway's own {@code RedisRateLimiter}
 * was not reused because it limits one key per route with one configuration per route, answers with
 * {@code X-RateLimit-*} headers and an empty body, and cannot take from a tenant's and a key's bucket in
 * one step. When Redis fails or is slow, requests fall back to in-process buckets rather than fail or
 * pass unlimited.
 *
 * <p>A busy key does not pay a Redis round trip per request: a call may take a small <em>lease</em> of
 * tokens from both buckets, which this replica then hands out locally until it is spent or {@code
 * leaseWindow} has passed (unspent tokens of an expired lease are forfeited, as if used). The lease
 * doubles while a key spends each one within its window and otherwise shrinks to what the last window
 * used (a key with one request per window takes single tokens). It never exceeds a tenth of the smaller
 * burst nor what the slower bucket refills in one window, so a limit of 5/s or a burst below 20 is still
 * taken token by token. The shared limit itself holds exactly: every token handed out anywhere was taken
 * from Redis; a lease only keeps its tokens from other replicas for at most one window. While one call
 * for a key is in flight, others for the same key take single tokens, so a crowd of concurrent requests
 * cannot over-lease.
 */
public class RedisTokenBuckets implements TokenBuckets {

  private static final Logger log = LoggerFactory.getLogger(RedisTokenBuckets.class);
  // Read once into a string: a script built from a Resource re-checks the resource's last-modified time
  // on every call, which inside an executable jar throws (and catches) a FileNotFoundException and
  // re-hashes the script per request (Spring Data Redis DefaultRedisScript + ResourceScriptSource).
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT = RedisScript.of(script("ratelimit/token_buckets.lua"), List.class);

  private final ReactiveStringRedisTemplate redis;
  private final InMemoryTokenBuckets fallback;
  private final Duration timeout;
  private final AtomicLong lastWarning = new AtomicLong();
  private final long leaseWindowNanos;
  private final Cache<String, Lease> leases = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(100_000).build();

  /** Tokens this replica took from Redis for one (tenant, key) ahead of need. Guarded by itself. */
  private static final class Lease {
    int left;
    long expiresAt;
    int size = 1;
    int handedOut;
    boolean fetching;
    double tenantTokens;
    double keyTokens;
  }

  /** One token per request from Redis, no leases. */
  public RedisTokenBuckets(ReactiveStringRedisTemplate redis, InMemoryTokenBuckets fallback, Duration timeout) {
    this(redis, fallback, timeout, Duration.ZERO);
  }

  public RedisTokenBuckets(ReactiveStringRedisTemplate redis, InMemoryTokenBuckets fallback, Duration timeout,
      Duration leaseWindow) {
    this.redis = redis;
    this.fallback = fallback;
    this.timeout = timeout;
    this.leaseWindowNanos = leaseWindow.toNanos();
  }

  /** Loads the script into Redis so the first request does not pay for it; harmless when Redis is down. */
  public void warmUp() {
    take("warm-up", new RateLimitProperties.Limit(1, 1), "warm-up", new RateLimitProperties.Limit(1, 1))
        .block(Duration.ofSeconds(5));
  }

  @Override
  public Mono<Decision> take(String tenant, RateLimitProperties.Limit tenantLimit, String keyId,
      RateLimitProperties.Limit keyLimit) {
    int maxLease = maxLease(tenantLimit, keyLimit);
    if (maxLease <= 1) {
      return fetch(tenant, tenantLimit, keyId, keyLimit, 1, null);
    }
    Lease lease = leases.get(tenant + '\n' + keyId, k -> new Lease());
    int wanted;
    synchronized (lease) {
      long now = System.nanoTime();
      if (lease.left > 0 && now - lease.expiresAt < 0) {
        lease.left--;
        lease.handedOut++;
        return Mono.just(Decision.of(true, lease.tenantTokens + lease.left, tenantLimit, lease.keyTokens + lease.left, keyLimit));
      }
      if (lease.fetching) {
        return fetch(tenant, tenantLimit, keyId, keyLimit, 1, null);
      }
      // spent within its window: ask for twice as much; otherwise for what the last window used
      boolean spentInTime = lease.left == 0 && now - lease.expiresAt < 0;
      lease.size = spentInTime ? Math.min(maxLease, lease.size * 2) : Math.max(1, Math.min(maxLease, lease.handedOut));
      lease.left = 0;
      lease.handedOut = 0;
      lease.fetching = true;
      wanted = lease.size;
    }
    return fetch(tenant, tenantLimit, keyId, keyLimit, wanted, lease);
  }

  /** The most tokens one lease may hold: a tenth of the smaller burst, one window of the slower refill. */
  public int maxLease(RateLimitProperties.Limit tenantLimit, RateLimitProperties.Limit keyLimit) {
    if (leaseWindowNanos <= 0) {
      return 1;
    }
    double refill = Math.min(tenantLimit.requestsPerSecond(), keyLimit.requestsPerSecond()) * leaseWindowNanos / 1e9;
    return (int) Math.max(1, Math.min(Math.min(tenantLimit.burst(), keyLimit.burst()) / 10, Math.min(refill, 1 << 20)));
  }

  private Mono<Decision> fetch(String tenant, RateLimitProperties.Limit tenantLimit, String keyId,
      RateLimitProperties.Limit keyLimit, int wanted, Lease lease) {
    // {tenant} is a hash tag: both keys land on the same cluster slot
    List<String> keys = List.of("engram:rl:{" + tenant + "}:t", "engram:rl:{" + tenant + "}:k:" + keyId);
    List<String> args = List.of(Double.toString(tenantLimit.requestsPerSecond()), Integer.toString(tenantLimit.burst()),
        Double.toString(keyLimit.requestsPerSecond()), Integer.toString(keyLimit.burst()), Integer.toString(wanted));
    return redis.execute(SCRIPT, keys, args)
        .next()
        .timeout(timeout)
        .map(result -> {
          int granted = Integer.parseInt(String.valueOf(result.get(0)));
          double tenantTokens = Double.parseDouble(String.valueOf(result.get(1)));
          double keyTokens = Double.parseDouble(String.valueOf(result.get(2)));
          int left = 0;
          if (lease != null) {
            synchronized (lease) {
              lease.fetching = false;
              if (granted == 0) {
                lease.size = 1;
              } else {
                // this request takes one; the rest is handed out locally for one window
                lease.left = granted - 1;
                lease.handedOut = 1;
                lease.expiresAt = System.nanoTime() + leaseWindowNanos;
                lease.tenantTokens = tenantTokens;
                lease.keyTokens = keyTokens;
                left = lease.left;
              }
            }
          }
          return Decision.of(granted > 0, tenantTokens + left, tenantLimit, keyTokens + left, keyLimit);
        })
        .onErrorResume(e -> {
          if (lease != null) {
            synchronized (lease) {
              lease.fetching = false;
              lease.size = 1;
            }
          }
          warn(e);
          return fallback.take(tenant, tenantLimit, keyId, keyLimit);
        });
  }

  private static String script(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private void warn(Throwable e) {
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
      log.warn("Redis rate limiting failed, limiting in this process instead: {}", e.toString());
    }
  }
}
