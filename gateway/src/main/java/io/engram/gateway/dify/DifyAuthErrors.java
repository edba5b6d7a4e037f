package io.engram.gateway.dify;

import io.engram.gateway.auth.AuthenticationWebFilter;
import io.engram.gateway.problem.GatewayProblem;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Gives the gateway's authentication failures on Dify's external knowledge route ({@code /v1/dify/**})
 * the shape Dify's documentation asks for: {@code error_code} 1001 (invalid Authorization header format)
 * or 1002 (authorization failed: unknown, revoked or expired key, or a key without the {@code read}
 * scope) and {@code error_msg}, with HTTP 403, the status Dify documents for denied access
 * (https://docs.dify.ai/en/use-dify/knowledge/external-knowledge-api, "Errors" and "HTTP Status Codes").
 * The two members are added to the problem document the gateway writes anyway, so the body is both
 * Dify's error object and an RFC 9457 problem with the platform's type and request id.
 */
@Component
class DifyAuthErrors implements WebFilter, Ordered {

  static final int INVALID_HEADER = 1001;
  static final int AUTHORIZATION_FAILED = 1002;

  private static final PathPattern DIFY = PathPatternParser.defaultInstance.parse("/v1/dify/**");
  private static final Pattern BEARER = Pattern.compile("(?i)Bearer \\S+");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (!DIFY.matches(path)) {
      return chain.filter(exchange);
    }
    return chain.filter(exchange).onErrorMap(GatewayProblem.class, problem -> {
      int status = problem.getStatusCode().value();
      if (status != HttpStatus.UNAUTHORIZED.value() && status != HttpStatus.FORBIDDEN.value()) {
        return problem;
      }
      String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      boolean wellFormed = authorization != null && BEARER.matcher(authorization.strip()).matches();
      int code = wellFormed ? AUTHORIZATION_FAILED : INVALID_HEADER;
      String message = wellFormed ? "Authorization failed. " + problem.getBody().getDetail()
          : "Invalid Authorization header format. Expected 'Bearer <api-key>' format.";
      GatewayProblem dify = new GatewayProblem(HttpStatus.FORBIDDEN, problem.getBody().getType().toString()
          .substring(problem.getBody().getType().toString().lastIndexOf('/') + 1), message);
      if (problem.getBody().getProperties() != null) {
        problem.getBody().getProperties().forEach(dify::with);
      }
      return dify.with("error_code", code).with("error_msg", message);
    });
  }

  /** Around authentication, so that its errors pass through here on their way to the error handler. */
  @Override
  public int getOrder() {
    return AuthenticationWebFilter.ORDER - 1;
  }
}
