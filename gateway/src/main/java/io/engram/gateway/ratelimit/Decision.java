package io.engram.gateway.ratelimit;

/**
 * The outcome of taking one token from a tenant's and a key's bucket, with what the client is told in the
 * {@code RateLimit-*} headers: the bucket that binds (fewest tokens left) gives limit, remaining and reset.
 *
 * @param limit             capacity of the binding bucket
 * @param remaining         whole tokens left in it
 * @param resetSeconds      seconds until it is full again
 * @param retryAfterSeconds when refused: seconds until a token is back in every bucket that ran dry
 */
public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

  /** The decision from the buckets' token counts after the take (taken only when both had a token). */
  static Decision of(boolean allowed, double tenantTokens, RateLimitProperties.Limit tenant, double keyTokens,
      RateLimitProperties.Limit key) {
    boolean tenantBinds = Math.floor(tenantTokens) < Math.floor(keyTokens)
        || (Math.floor(tenantTokens) == Math.floor(keyTokens) && tenant.burst() <= key.burst());
    double tokens = tenantBinds ? tenantTokens : keyTokens;
    RateLimitProperties.Limit binding = tenantBinds ? tenant : key;
    long reset = (long) Math.ceil(Math.max(0, binding.burst() - tokens) / binding.requestsPerSecond());
    long retryAfter = 0;
    if (!allowed) {
      retryAfter = Math.max(waitFor(tenantTokens, tenant), waitFor(keyTokens, key));
    }
    return new Decision(allowed, binding.burst(), Math.max(0, (long) Math.floor(tokens)), reset, retryAfter);
  }

  private static long waitFor(double tokens, RateLimitProperties.Limit limit) {
    return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / limit.requestsPerSecond()));
  }
}
