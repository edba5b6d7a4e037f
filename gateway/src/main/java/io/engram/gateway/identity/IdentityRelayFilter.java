package io.engram.gateway.identity;

import io.engram.gateway.auth.Caller;
import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.IdentityCodec;
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
 */
@Component
class IdentityRelayFilter implements GlobalFilter, Ordered {

  private final IdentityCodec codec;
  private final GatewayIdentityProperties properties;

  IdentityRelayFilter(GatewayIdentityProperties properties) {
    this.properties = properties;
    this.codec = new IdentityCodec(properties.secret());
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Caller caller = Caller.of(exchange);
    String token = caller == null || caller.platformAdmin() ? null
        : codec.sign(caller.tenantId(), caller.scopes(), properties.ttl());
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
