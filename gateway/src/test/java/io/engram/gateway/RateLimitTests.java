package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.gateway.ratelimit.InMemoryTokenBuckets;
import io.engram.gateway.ratelimit.RateLimitProperties;
import io.engram.gateway.ratelimit.RedisTokenBuckets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Rate limits against the real Redis: a burst far above one tenant's limit is refused with 429 problems
 * while another tenant goes on unharmed, and a second gateway replica sees the same buckets.
 */
class RateLimitTests extends GatewayTestBase {

  @LocalServerPort
  int port;

  record Outcome(int status, String contentType, String retryAfter, String limit, String remaining, String reset) {
  }

  @Test
  void burstFarAboveOneTenantsLimitIsRefusedWhileAnotherTenantStillSucceeds() {
    String noisy = newTenant("noisy", Map.of("requestsPerSecond", 5, "burst", 10));
    String quiet = newTenant("quiet");
    String noisyKey = newKey(noisy, "read");
    String quietKey = newKey(quiet, "read");

    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    // 300 noisy and 60 quiet requests interleaved, 50 in flight at once
    List<String> callers = Flux.range(0, 360).map(i -> i % 6 == 0 ? "quiet" : "noisy").collectList().block();
    Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
    List<Outcome> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    Flux.fromIterable(callers).flatMap(who -> web.get().uri("/v1/collections")
        .header(HttpHeaders.AUTHORIZATION, bearer(who.equals("quiet") ? quietKey : noisyKey))
        .exchangeToMono(response -> response.releaseBody().thenReturn(new Outcome(response.statusCode().value(),
            response.headers().contentType().map(MediaType::toString).orElse(""),
            response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
            response.headers().asHttpHeaders().getFirst("RateLimit-Limit"),
            response.headers().asHttpHeaders().getFirst("RateLimit-Remaining"),
            response.headers().asHttpHeaders().getFirst("RateLimit-Reset"))))
        .doOnNext(o -> {
          statuses.computeIfAbsent(who, k -> new ConcurrentHashMap<>()).computeIfAbsent(o.status(), k -> new AtomicInteger())
              .incrementAndGet();
          if (o.status() == 429) {
            refused.add(o);
          }
        }), 50).blockLast(Duration.ofSeconds(60));
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(statuses.get("quiet")).containsOnlyKeys(200);
    assertThat(statuses.get("quiet").get(200)).hasValue(60);
    assertThat(statuses.get("noisy")).containsOnlyKeys(200, 429);
    int noisyOk = statuses.get("noisy").get(200).get();
    // a bucket of 10 refilled at 5/s lets through at most 10 + 5 per elapsed second
    assertThat(noisyOk).isBetween(10, 10 + (int) Math.ceil(5 * seconds) + 1);
    assertThat(refused).hasSize(300 - noisyOk).allSatisfy(o -> {
      assertThat(o.contentType()).isEqualTo("application/problem+json");
      assertThat(Integer.parseInt(o.retryAfter())).isBetween(1, 2);
      assertThat(o.limit()).isEqualTo("10");
      assertThat(o.remaining()).isEqualTo("0");
      assertThat(Integer.parseInt(o.reset())).isBetween(1, 2);
    });
  }

  @Test
  void refusalIsAProblemDocumentWithRetryAfter() {
    String tenant = newTenant("tiny", Map.of("requestsPerSecond", 0.01, "burst", 1));
    String key = newKey(tenant, "read");
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key)).exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("RateLimit-Limit", "1")
        .expectHeader().valueEquals("RateLimit-Remaining", "0")
        .expectHeader().valueEquals("RateLimit-Reset", "100");
    client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key)).exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "100")
        .expectBody()
        .jsonPath("$.type").isEqualTo("https://engram.dev/problems/rate-limited")
        .jsonPath("$.status").isEqualTo(429)
        .jsonPath("$.retryAfterSeconds").isEqualTo(100);
  }

  @Test
  void aSecondReplicaSharesTheBucketsThroughRedis() {
    String tenant = newTenant("shared", Map.of("requestsPerSecond", 0.01, "burst", 3));
    Map<String, Object> created = createKey(tenant, null, "read");
    for (int i = 0; i < 3; i++) {
      client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer((String) created.get("key")))
          .exchange().expectStatus().isOk();
    }
    LettuceConnectionFactory factory = connect(TestRedis.url());
    try {
      // another replica: its own process-local fallback, the same Redis
      RedisTokenBuckets replica = new RedisTokenBuckets(new ReactiveStringRedisTemplate(factory),
          new InMemoryTokenBuckets(), Duration.ofSeconds(2));
      var decision = replica.take(tenant, new RateLimitProperties.Limit(0.01, 3), (String) created.get("id"),
          new RateLimitProperties.Limit(100, 100)).block();
      assertThat(decision.allowed()).as("the three tokens were spent through the first replica").isFalse();
      var otherTenant = replica.take(tenant + "-x", new RateLimitProperties.Limit(0.01, 3), "k",
          new RateLimitProperties.Limit(100, 100)).block();
      assertThat(otherTenant.allowed()).isTrue();
      assertThat(new ReactiveStringRedisTemplate(factory).hasKey("engram:rl:{" + tenant + "}:t").block()).isTrue();
    } finally {
      factory.destroy();
    }
  }

  @Test
  void keyBucketLimitsOneKeyWithoutChargingItsTenant() {
    LettuceConnectionFactory factory = connect(TestRedis.url());
    try {
      RedisTokenBuckets buckets = new RedisTokenBuckets(new ReactiveStringRedisTemplate(factory),
          new InMemoryTokenBuckets(), Duration.ofSeconds(2));
      String tenant = io.engram.testsupport.TestIdentities.uniqueTenant("perkey");
      RateLimitProperties.Limit tenantLimit = new RateLimitProperties.Limit(0.01, 10);
      RateLimitProperties.Limit keyLimit = new RateLimitProperties.Limit(0.01, 2);
      assertThat(buckets.take(tenant, tenantLimit, "k1", keyLimit).block().allowed()).isTrue();
      assertThat(buckets.take(tenant, tenantLimit, "k1", keyLimit).block().allowed()).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(buckets.take(tenant, tenantLimit, "k1", keyLimit).block().allowed()).isFalse();
      }
      var second = buckets.take(tenant, tenantLimit, "k2", keyLimit).block();
      assertThat(second.allowed()).isTrue();
      // 10 - 2 (k1) - 1 (k2): the refused k1 requests cost the tenant nothing
      assertThat(second.remaining()).isEqualTo(1); // binding bucket is k2's (2 - 1)
      var tenantView = buckets.take(tenant, tenantLimit, "k3", new RateLimitProperties.Limit(100, 100)).block();
      assertThat(tenantView.remaining()).isEqualTo(6);
    } finally {
      factory.destroy();
    }
  }

  @Test
  void whenRedisIsUnreachableThenLimitsFallBackToThisProcess() {
    LettuceConnectionFactory factory = connect("redis://127.0.0.1:" + closedPort());
    try {
      RedisTokenBuckets buckets = new RedisTokenBuckets(new ReactiveStringRedisTemplate(factory),
          new InMemoryTokenBuckets(), Duration.ofMillis(500));
      RateLimitProperties.Limit limit = new RateLimitProperties.Limit(0.01, 2);
      assertThat(buckets.take("down", limit, "k", limit).block().allowed()).isTrue();
      assertThat(buckets.take("down", limit, "k", limit).block().allowed()).isTrue();
      assertThat(buckets.take("down", limit, "k", limit).block().allowed()).isFalse();
    } finally {
      factory.destroy();
    }
  }

  @Test
  void leasesSpareRedisCallsWhileReplicasTogetherNeverExceedTheSharedBucket() {
    LettuceConnectionFactory factory = connect(TestRedis.url());
    try {
      AtomicInteger scriptCalls = new AtomicInteger();
      ReactiveStringRedisTemplate counted = new ReactiveStringRedisTemplate(factory) {
        @Override
        public <T> Flux<T> execute(RedisScript<T> script, List<String> keys, List<?> args) {
          scriptCalls.incrementAndGet();
          return super.execute(script, keys, args);
        }
      };
      // two replicas with long lease windows, so that nothing expires during the test
      RedisTokenBuckets a = new RedisTokenBuckets(counted, new InMemoryTokenBuckets(), Duration.ofSeconds(2), Duration.ofSeconds(10));
      RedisTokenBuckets b = new RedisTokenBuckets(counted, new InMemoryTokenBuckets(), Duration.ofSeconds(2), Duration.ofSeconds(10));
      String tenant = io.engram.testsupport.TestIdentities.uniqueTenant("lease");
      RateLimitProperties.Limit tenantLimit = new RateLimitProperties.Limit(10, 1000);
      RateLimitProperties.Limit keyLimit = new RateLimitProperties.Limit(1000, 100_000);
      assertThat(a.maxLease(tenantLimit, keyLimit)).as("a tenth of the burst, one window of refill").isEqualTo(100);

      long started = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        var decision = a.take(tenant, tenantLimit, "ka", keyLimit).block();
        assertThat(decision.allowed()).isTrue();
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertThat(decision.remaining()).as("take %d", i)
            .isBetween(1000L - (i + 1), 1000L - (i + 1) + (long) Math.ceil(10 * elapsed) + 1);
      }
      assertThat(scriptCalls.get()).as("leases of 1, 2, 4 ... 100 tokens instead of a call per request").isLessThan(15);

      // both replicas, two keys of the tenant, until both are refused: every token taken from Redis was used
      int allowed = 300;
      boolean aRefused = false;
      boolean bRefused = false;
      for (int i = 0; i < 5_000 && !(aRefused && bRefused); i++) {
        boolean onA = bRefused || (!aRefused && i % 2 == 0);
        boolean ok = (onA ? a.take(tenant, tenantLimit, "ka", keyLimit) : b.take(tenant, tenantLimit, "kb", keyLimit))
            .block().allowed();
        if (ok) {
          allowed++;
        } else if (onA) {
          aRefused = true;
        } else {
          bRefused = true;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(aRefused && bRefused).isTrue();
      assertThat(allowed).as("burst 1000 + 10/s over %.2f s", seconds).isBetween(1000, 1000 + (int) Math.ceil(10 * seconds) + 1);
      assertThat(scriptCalls.get()).as("Redis calls for %d allowed requests", allowed).isLessThan(allowed / 5);
    } finally {
      factory.destroy();
    }
  }

  /** A started connection factory of its own, as another gateway replica would have. */
  private static LettuceConnectionFactory connect(String url) {
    LettuceConnectionFactory factory = new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(url));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }
}
