package io.engram.gateway.edge;

import io.engram.gateway.auth.Caller;
import io.engram.support.identity.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One access-log line per request on the logger {@code io.engram.gateway.access}: method, path, status,
 * duration, tenant, key id and request id. Never a header, a body or the query string (where clients
 * sometimes put secrets), so no API key can reach a log; the key id is public by design. The path is
 * the raw, still percent-encoded one, so a client cannot inject line breaks into the log.
 */
@Component
class AccessLogWebFilter implements WebFilter, Ordered {

  private static final Logger access = LoggerFactory.getLogger("io.engram.gateway.access");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!access.isInfoEnabled()) {
      return chain.filter(exchange);
    }
    long started = System.nanoTime();
    return chain.filter(exchange).doFinally(signal -> log(exchange, signal, started));
  }

  private static void log(ServerWebExchange exchange, SignalType signal, long started) {
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    Caller caller = Caller.of(exchange);
    String path = exchange.getRequest().getPath().value();
    access.info("{} {} {} {}ms tenant={} key={} requestId={}{}",
        safe(exchange.getRequest().getMethod().name(), 16), safe(path, 256),
        status == null ? (signal == SignalType.CANCEL ? "cancelled" : "-") : status.value(),
        (System.nanoTime() - started) / 1_000_000,
        caller == null ? "-" : caller.platformAdmin() ? "(platform-admin)" : caller.tenantId(),
        caller == null ? "-" : caller.keyId(),
        exchange.getAttributeOrDefault(RequestIds.MDC_KEY, "-"),
        signal == SignalType.CANCEL ? " (client went away)" : "");
  }

  /** Printable ASCII only, truncated: nothing a client sends can forge or break a log line. */
  private static String safe(String value, int max) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x21 && c < 0x7f ? c : '?');
    }
    return value.length() > max ? out + "..." : out.toString();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
