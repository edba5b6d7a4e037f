package io.engram.gateway.openapi;

import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /openapi/engram.json}: one OpenAPI 3.1 document for the whole platform, made by merging the
 * gateway's own document with each routed service's {@code /v3/api-docs} (paths and component schemas),
 * with the API-key bearer scheme required on every operation. A service that is down is left out and
 * named in {@code x-engram-unavailable}, so the document is always served.
 */
@RestController
@Hidden
class AggregatedOpenApiController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private final RouteDefinitionLocator routes;
  private final Environment environment;
  private final WebClient web;

  AggregatedOpenApiController(RouteDefinitionLocator routes, Environment environment) {
    this.routes = routes;
    this.environment = environment;
    this.web = WebClient.create();
  }

  @GetMapping(value = "/openapi/engram.json", produces = "application/json")
  Mono<String> aggregated() {
    String self = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
    Flux<Map.Entry<String, URI>> sources = Flux.concat(
        Flux.just(Map.entry("gateway", URI.create(self))),
        routes.getRouteDefinitions().filter(r -> "http".equals(r.getUri().getScheme()))
            .map(r -> Map.entry(r.getId(), r.getUri())));
    return sources
        .concatMap(source -> fetch(source.getValue()).map(doc -> Map.entry(source.getKey(), doc))
            .defaultIfEmpty(Map.entry(source.getKey(), JSON.createObjectNode())))
        .collectList()
        .map(docs -> JSON.writeValueAsString(OpenApiMerge.merge(docs)));
  }

  private Mono<JsonNode> fetch(URI base) {
    return web.get().uri(base.resolve("/v3/api-docs")).retrieve().bodyToMono(String.class)
        .timeout(FETCH_TIMEOUT)
        .map(JSON::readTree)
        .onErrorResume(e -> Mono.empty());
  }
}
