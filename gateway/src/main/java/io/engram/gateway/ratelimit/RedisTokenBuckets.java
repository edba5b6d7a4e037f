package io.engram.gateway.ratelimit;

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
 * Token buckets in Redis, shared by every gateway replica: one Lua script call per request takes from
 * both buckets atomically ({@code ratelimit/token_buckets.lua}). Spring Cloud Gateway's own
 * {@code RedisRateLimiter} was not reused because it limits one key per route with one configuration per
 * route, answers with {@code X-RateLimit-*} headers and an empty body, and cannot take from a tenant's and
 * a key's bucket in one step. When Redis fails or is slow, requests fall back to in-process buckets
 * rather than fail or pass unlimited.
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

  public RedisTokenBuckets(ReactiveStringRedisTemplate redis, InMemoryTokenBuckets fallback, Duration timeout) {
    this.redis = redis;
    this.fallback = fallback;
    this.timeout = timeout;
  }

  /** Loads the script into Redis so the first request does not pay for it; harmless when Redis is down. */
  public void warmUp() {
    take("warm-up", new RateLimitProperties.Limit(1, 1), "warm-up", new RateLimitProperties.Limit(1, 1))
        .block(Duration.ofSeconds(5));
  }

  @Override
  public Mono<Decision> take(String tenant, RateLimitProperties.Limit tenantLimit, String keyId,
      RateLimitProperties.Limit keyLimit) {
    // {tenant} is a hash tag: both keys land on the same cluster slot
    List<String> keys = List.of("engram:rl:{" + tenant + "}:t", "engram:rl:{" + tenant + "}:k:" + keyId);
    List<String> args = List.of(Double.toString(tenantLimit.requestsPerSecond()), Integer.toString(tenantLimit.burst()),
        Double.toString(keyLimit.requestsPerSecond()), Integer.toString(keyLimit.burst()));
    return redis.execute(SCRIPT, keys, args)
        .next()
        .timeout(timeout)
        .map(result -> Decision.of("1".equals(String.valueOf(result.get(0))),
            Double.parseDouble(String.valueOf(result.get(1))), tenantLimit,
            Double.parseDouble(String.valueOf(result.get(2))), keyLimit))
        .onErrorResume(e -> {
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
