package io.engram.gateway.ratelimit;

import reactor.core.publisher.Mono;

/**
 * Takes one token from a tenant's bucket and one from a key's bucket, atomically: both or neither, so a
 * refused request costs nothing.
 */
public interface TokenBuckets {

  Mono<Decision> take(String tenant, RateLimitProperties.Limit tenantLimit, String keyId,
      RateLimitProperties.Limit keyLimit);
}
