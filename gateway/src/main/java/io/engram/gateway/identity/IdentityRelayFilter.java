package io.engram.gateway.identity;

import io.engram.gateway.auth.Caller;
import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.IdentityCodec;
import java.util.Set;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Removes every identity header a client sent and adds the gateway's signed internal identity, the only
 * statement of tenant and scopes the services accept: the tenant and scopes of the caller's API key.
 * Requests without a tenant caller (the open API-documentation routes) go on without any identity.
 * A signed identity is reused for the same tenant and scopes until half its lifetime has passed, so
 * most requests pay no HMAC at all; every forwarded token has at least {@code ttl / 2} left.
 */
@Component
class IdentityRelayFilter implements GlobalFilter, Ordered {

  private final IdentityCodec codec;
  private final GatewayIdentityProperties properties;
  private final Cache<Signed.Key, Signed> signed = Caffeine.newBuilder().maximumSize(10_000).build();

  IdentityRelayFilter(GatewayIdentityProperties properties) {
    this.properties = properties;
    this.codec = new IdentityCodec(properties.secret());
  }

  private record Signed(String token, long renewAtNanos) {
    record Key(String tenantId, Set<String> scopes) {
    }
  }

  String tokenFor(Caller caller) {
    Signed.Key key = new Signed.Key(caller.tenantId(), caller.scopes());
    long now = System.nanoTime();
    Signed current = signed.getIfPresent(key);
    if (current == null || now - current.renewAtNanos() >= 0) {
      current = new Signed(codec.sign(caller.tenantId(), caller.scopes(), properties.ttl()),
          now + properties.ttl().toNanos() / 2);
      signed.put(key, current);
    }
    return current.token();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Caller caller = Caller.of(exchange);
    String token = caller == null || caller.platformAdmin() ? null
        : tokenFor(caller);
    ServerWebExchange relayed = exchange.mutate().request(r -> r.headers(headers -> {
      EngramHeaders.CLIENT_IDENTITY_HEADERS.forEach(headers::remove);
      // the key never travels further than the gateway
      headers.remove(org.springframework.http.HttpHeaders.AUTHORIZATION);
      if (token != null) {
        headers.set(EngramHeaders.IDENTITY, token);
      }
    })).build();
    return chain.filter(relayed);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }
}
