package io.engram.gateway.ratelimit;

import io.engram.gateway.auth.AuthenticationWebFilter;
import io.engram.gateway.auth.Caller;
import io.engram.gateway.problem.GatewayProblem;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Applies the tenant's and the key's rate limit to every request made with a tenant key, right after
 * authentication and before anything reaches a service. Every answer carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (IETF httpapi rate-limit headers); a refused
 * one is a 429 problem with {@code Retry-After}.
 */
@Component
class RateLimitWebFilter implements WebFilter, Ordered {

  private final TokenBuckets buckets;
  private final RateLimitProperties properties;
  private final RateLimitMeters meters;

  RateLimitWebFilter(TokenBuckets buckets, RateLimitProperties properties, RateLimitMeters meters) {
    this.buckets = buckets;
    this.properties = properties;
    this.meters = meters;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Caller caller = Caller.of(exchange);
    if (caller == null || caller.platformAdmin()) {
      return chain.filter(exchange);
    }
    return buckets.take(caller.tenantId(), tenantLimit(caller), caller.keyId(), properties.key())
        .flatMap(decision -> onRequestEventLoop(exchange, () -> {
          HttpHeaders headers = exchange.getResponse().getHeaders();
          headers.set("RateLimit-Limit", Long.toString(decision.limit()));
          headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
          headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
          if (!decision.allowed()) {
            meters.rejected(caller.tenantId());
            return Mono.error(new GatewayProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests for this tenant or key; retry after " + decision.retryAfterSeconds() + " s.")
                .header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))
                .with("retryAfterSeconds", decision.retryAfterSeconds()));
          }
          return chain.filter(exchange);
        }));
  }

  /**
   * Continues on the event loop of the request's own connection. A Redis answer arrives on Lettuce's
   * single I/O thread; without hopping back, the rest of every request (routing, proxying, the response)
   * would run on that one thread for all connections.
   */
  private static Mono<Void> onRequestEventLoop(ServerWebExchange exchange, Supplier<Mono<Void>> rest) {
    Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
    if (request instanceof Connection connection && !connection.channel().eventLoop().inEventLoop()) {
      return Mono.defer(rest).subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
    }
    return rest.get();
  }

  private RateLimitProperties.Limit tenantLimit(Caller caller) {
    if (caller.tenantRateLimit() != null) {
      return new RateLimitProperties.Limit(caller.tenantRateLimit().requestsPerSecond(), caller.tenantRateLimit().burst());
    }
    return properties.tenants().getOrDefault(caller.tenantId(), properties.tenant());
  }

  @Override
  public int getOrder() {
    return AuthenticationWebFilter.ORDER + 10;
  }
}
