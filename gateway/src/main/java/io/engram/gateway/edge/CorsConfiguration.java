package io.engram.gateway.edge;

import io.engram.gateway.problem.GatewayProblem;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for browser clients (a console page, Swagger UI on another host) with Spring's own
 * {@link CorsWebFilter}, ahead of authentication so that preflight requests (which carry no key) are
 * answered. With no allowed origins nothing is added, and browsers keep other origins out. Keys travel
 * in the {@code Authorization} header, never in cookies, so credentials are not allowed.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

  private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept", "X-Request-Id");
  private static final List<String> RESPONSE_HEADERS = List.of("X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining",
      "RateLimit-Reset", "Retry-After", "Location");

  @Bean
  OrderedCorsWebFilter corsWebFilter(EdgeProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    EdgeProperties.Cors cors = properties.cors();
    if (!cors.allowedOrigins().isEmpty()) {
      org.springframework.web.cors.CorsConfiguration config = new org.springframework.web.cors.CorsConfiguration();
      config.setAllowedOrigins(cors.allowedOrigins());
      config.setAllowedMethods(cors.allowedMethods());
      config.setAllowedHeaders(REQUEST_HEADERS);
      config.setExposedHeaders(RESPONSE_HEADERS);
      config.setAllowCredentials(false);
      config.setMaxAge(cors.maxAge());
      source.registerCorsConfiguration("/**", config);
    }
    return new OrderedCorsWebFilter(source);
  }

  /** Spring's filter, placed after request ids and the access log, and refusing with a problem document. */
  static class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {

    OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
      super(source, new ProblemCorsProcessor());
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE + 20;
    }
  }

  /** Refuses a disallowed cross-origin request with a 403 problem instead of an empty 403. */
  static class ProblemCorsProcessor extends DefaultCorsProcessor {
    @Override
    protected void rejectRequest(ServerHttpResponse response) {
      throw GatewayProblem.forbidden("cors-rejected", "This origin may not call the API from a browser.");
    }
  }
}
