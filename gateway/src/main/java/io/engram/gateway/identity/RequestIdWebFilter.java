package io.engram.gateway.identity;

import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.RequestIds;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request through the gateway a request id (the client's when well formed), forwards it to
 * the services and returns it, so one id follows a request through every log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdWebFilter implements WebFilter {

  static final String ATTRIBUTE = RequestIds.MDC_KEY;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String requestId = RequestIds.accept(exchange.getRequest().getHeaders().getFirst(EngramHeaders.REQUEST_ID));
    exchange.getAttributes().put(ATTRIBUTE, requestId);
    ServerWebExchange withId = exchange.mutate()
        .request(r -> r.headers(h -> h.set(EngramHeaders.REQUEST_ID, requestId)))
        .build();
    // set when the response is committed: a service echoes the id too, and the proxied response's
    // headers are added to the gateway's, which would send the header twice
    withId.getResponse().beforeCommit(() -> {
      withId.getResponse().getHeaders().set(EngramHeaders.REQUEST_ID, requestId);
      return Mono.empty();
    });
    return chain.filter(withId).contextWrite(ctx -> ctx.put(ATTRIBUTE, requestId));
  }
}
