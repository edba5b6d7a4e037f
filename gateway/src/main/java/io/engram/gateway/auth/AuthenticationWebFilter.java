package io.engram.gateway.auth;

import io.engram.gateway.problem.GatewayProblem;
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
 * Lets a request in only with a valid key: health, API documentation and the console's static page
 * ({@code /}, {@code /console/**}; it calls the API with the key its user pastes) are open; the tenant API
 * ({@code /v1/**} and the MCP endpoint {@code /mcp}) needs a tenant key with the route's scope ({@link RouteScopes}); the admin API and the
 * other management endpoints need the platform admin key or, for a tenant's own keys, a tenant
 * {@code admin} key (checked by the admin API itself). Everything else needs some valid key, so that
 * nobody can probe for routes without one. Failures are 401/403 problem documents.
 */
@Component
public class AuthenticationWebFilter implements WebFilter, Ordered {

  /** After request ids, access log, CORS and the size check; before rate limiting. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
  private static final List<PathPattern> OPEN = List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
      "/v3/api-docs", "/v3/api-docs/**", "/openapi/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
      "/", "/index.html", "/console/**")
      .stream().map(PARSER::parse).toList();
  private static final List<PathPattern> TENANT_API = List.of(PARSER.parse("/v1/**"), PARSER.parse("/mcp"));
  private static final PathPattern MANAGEMENT = PARSER.parse("/actuator/**");

  private final KeyAuthenticator authenticator;

  AuthenticationWebFilter(KeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (OPEN.stream().anyMatch(p -> p.matches(path))) {
      return chain.filter(exchange);
    }
    return authenticator.authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
        .flatMap(caller -> {
          authorize(exchange, path, caller);
          exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
          return chain.filter(exchange);
        });
  }

  private static void authorize(ServerWebExchange exchange, PathContainer path, Caller caller) {
    if (TENANT_API.stream().anyMatch(p -> p.matches(path))) {
      if (caller.platformAdmin()) {
        throw GatewayProblem.forbidden("forbidden", "The platform admin key manages tenants but does not act as one;"
            + " call the tenant API with a tenant's key.");
      }
      String scope = RouteScopes.required(exchange.getRequest().getMethod(), path);
      if (!caller.hasScope(scope)) {
        throw GatewayProblem.forbidden("forbidden", "This operation needs the '" + scope + "' scope; the API key has "
            + caller.scopes().stream().sorted().toList() + ".").with("requiredScope", scope);
      }
    } else if (MANAGEMENT.matches(path) && !caller.platformAdmin()) {
      throw GatewayProblem.forbidden("forbidden", "Management endpoints need the platform admin key.");
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
