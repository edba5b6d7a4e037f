package io.engram.gateway.edge;

import io.engram.gateway.problem.GatewayProblem;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies above the route's limit with a 413 problem: at once when {@code Content-Length}
 * says so, and while streaming for chunked bodies, which are counted as they pass. Spring Cloud Gateway's
 * {@code RequestSize} filter was not used: it checks only {@code Content-Length} and answers without a
 * problem document.
 */
@Component
class RequestSizeWebFilter implements WebFilter, Ordered {

  private record Limit(PathPattern pattern, long bytes) {
  }

  private final long defaultLimit;
  private final List<Limit> limits;

  RequestSizeWebFilter(EdgeProperties properties) {
    this.defaultLimit = properties.limits().maxBodySize().toBytes();
    this.limits = properties.limits().routes().stream()
        .map(r -> new Limit(PathPatternParser.defaultInstance.parse(r.pattern()), r.maxBodySize().toBytes())).toList();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long max = limitFor(exchange);
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > max) {
      return Mono.error(tooLarge(max));
    }
    if (declared >= 0) {
      // Netty reads exactly Content-Length bytes; nothing more can arrive
      return chain.filter(exchange);
    }
    AtomicLong seen = new AtomicLong();
    ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
      @Override
      public Flux<DataBuffer> getBody() {
        return super.getBody().handle((buffer, sink) -> {
          if (seen.addAndGet(buffer.readableByteCount()) > max) {
            DataBufferUtils.release(buffer);
            sink.error(tooLarge(max));
          } else {
            sink.next(buffer);
          }
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  private long limitFor(ServerWebExchange exchange) {
    var path = exchange.getRequest().getPath().pathWithinApplication();
    for (Limit limit : limits) {
      if (limit.pattern().matches(path)) {
        return limit.bytes();
      }
    }
    return defaultLimit;
  }

  private static GatewayProblem tooLarge(long max) {
    return new GatewayProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
        "The request body is larger than this route accepts (" + max + " bytes).").with("maxBytes", max);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 30;
  }
}
