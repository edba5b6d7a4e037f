package io.engram.gateway.console;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the console's page at {@code /} (and {@code /index.html}, GET and HEAD); its script and stylesheet under
 * {@code /console/} are Spring's ordinary static resources from {@code classpath:/static/}. The page is
 * fetched with a tenant's pasted key only by its own script, never by the gateway: the route is open.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  RouterFunction<ServerResponse> consolePage(@Value("classpath:/static/index.html") Resource page) {
    return RouterFunctions.route(GET("/").or(GET("/index.html")).or(HEAD("/")).or(HEAD("/index.html")), request -> page.exists()
        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page)
        : ServerResponse.notFound().build());
  }
}
