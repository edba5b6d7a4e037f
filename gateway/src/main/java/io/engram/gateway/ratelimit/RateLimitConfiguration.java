package io.engram.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Chooses where buckets live: Redis when {@code engram.gateway.rate-limit.redis-url} is set, this process
 * otherwise. Boot's Redis auto-configuration is switched off (application.yml) because it always
 * connects to localhost, and "no Redis configured" must mean in-memory buckets, not a failing health check.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);
  @Bean
  @ConditionalOnExpression("!'${engram.gateway.rate-limit.redis-url:}'.isBlank()")
  LettuceConnectionFactory rateLimitRedis(RateLimitProperties properties) {
    LettuceConnectionFactory factory = new LettuceConnectionFactory(
        LettuceConnectionFactory.createRedisConfiguration(properties.redisUrl()),
        // the command timeout also bounds connection set-up; each request has its own, shorter bound
        // (redisTimeout, applied by RedisTokenBuckets), past which it falls back to in-process buckets
        LettuceClientConfiguration.builder().commandTimeout(properties.redisConnectTimeout())
            .clientOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(properties.redisConnectTimeout()).build())
                .build())
            .build());
    // connect at start, not on the first request, which would otherwise wait out the timeout
    factory.setEagerInitialization(true);
    return factory;
  }

  @Bean
  TokenBuckets tokenBuckets(RateLimitProperties properties, ObjectProvider<LettuceConnectionFactory> redis) {
    InMemoryTokenBuckets inMemory = new InMemoryTokenBuckets();
    LettuceConnectionFactory factory = redis.getIfAvailable();
    if (factory == null) {
      log.info("rate limits kept in this process (no engram.gateway.rate-limit.redis-url / ENGRAM_REDIS_URL)");
      return inMemory;
    }
    log.info("rate limits kept in Redis, shared by all gateway replicas");
    RedisTokenBuckets buckets = new RedisTokenBuckets(new ReactiveStringRedisTemplate(factory), inMemory,
        properties.redisTimeout(), properties.leaseWindow());
    buckets.warmUp();
    return buckets;
  }
}
