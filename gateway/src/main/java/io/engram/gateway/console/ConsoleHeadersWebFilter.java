package io.engram.gateway.console;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Headers on the console's page and files: a Content-Security-Policy that allows only this origin's script,
 * style and API calls (the bundle has everything; no CDN, no inline script), no framing, no referrer (the
 * page's URL never carries a key, and it is not passed on either) and revalidation on every load, so a
 * new gateway version's console is picked up at once.
 */
@Component
class ConsoleHeadersWebFilter implements WebFilter, Ordered {

  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final List<PathPattern> CONSOLE = List.of("/", "/index.html", "/console/**").stream()
      .map(PathPatternParser.defaultInstance::parse).toList();

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (CONSOLE.stream().anyMatch(p -> p.matches(path))) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("Content-Security-Policy", POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 50;
  }
}
