package io.engram.gateway.edge;

import io.engram.gateway.problem.GatewayProblem;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, with a 400 problem and before authentication or routing, paths whose segments could mean one
 * thing here and another behind the gateway: an encoded {@code /} or {@code \} (a segment that a service
 * would split), a NUL or other control character, and {@code .}/{@code ..} segments, raw or encoded
 * (which a service would resolve against a route the gateway never checked). No legitimate Engram path
 * holds any of them.
 */
@Component
class PathSafetyWebFilter implements WebFilter, Ordered {

  static final String SLUG = "invalid-path";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String reason = unsafe(exchange.getRequest().getPath().pathWithinApplication());
    if (reason != null) {
      return Mono.error(GatewayProblem.badRequest(SLUG, "The request path is refused: " + reason + "."));
    }
    return chain.filter(exchange);
  }

  /** Why the path is unsafe, or null when it is fine. */
  static String unsafe(PathContainer path) {
    for (PathContainer.Element element : path.elements()) {
      if (!(element instanceof PathContainer.PathSegment segment)) {
        continue;
      }
      String raw = segment.value().toLowerCase(Locale.ROOT);
      if (raw.contains("%2f") || raw.contains("%5c")) {
        return "a path segment holds an encoded '/' or '\\'";
      }
      String decoded = segment.valueToMatch();
      for (int i = 0; i < decoded.length(); i++) {
        char c = decoded.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          return "a path segment holds a NUL or other control character";
        }
      }
      if (decoded.equals(".") || decoded.equals("..")) {
        return "'.' and '..' segments are not allowed";
      }
    }
    return null;
  }

  @Override
  public int getOrder() {
    // after the request id (and the access log, which records the refusal), before CORS and authentication
    return Ordered.HIGHEST_PRECEDENCE + 15;
  }
}
