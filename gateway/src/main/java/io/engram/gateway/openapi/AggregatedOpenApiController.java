package io.engram.gateway.openapi;

import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
        .map(docs -> JSON.writeValueAsString(merge(docs)));
  }

  private Mono<JsonNode> fetch(URI base) {
    return web.get().uri(base.resolve("/v3/api-docs")).retrieve().bodyToMono(String.class)
        .timeout(FETCH_TIMEOUT)
        .map(JSON::readTree)
        .onErrorResume(e -> Mono.empty());
  }

  static ObjectNode merge(List<Map.Entry<String, JsonNode>> docs) {
    ObjectNode merged = JSON.createObjectNode();
    merged.put("openapi", "3.1.0");
    merged.putObject("info").put("title", "Engram API").put("version", "v1")
        .put("description", "Every service of the platform behind its one public door, the gateway."
            + " Call with 'Authorization: Bearer <API key>'.");
    merged.putArray("servers").addObject().put("url", "/");
    ObjectNode paths = merged.putObject("paths");
    ObjectNode components = merged.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    components.putObject("securitySchemes").set(OpenApiConfiguration.SCHEME,
        JSON.valueToTree(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "egk_<id>_<secret>")));
    merged.putArray("security").addObject().putArray(OpenApiConfiguration.SCHEME);
    List<String> unavailable = new ArrayList<>();
    for (Map.Entry<String, JsonNode> doc : docs) {
      JsonNode body = doc.getValue();
      if (!body.has("paths")) {
        unavailable.add(doc.getKey());
        continue;
      }
      body.get("paths").properties().forEach(path -> {
        if (!paths.has(path.getKey())) {
          paths.set(path.getKey(), tagged(path.getValue(), doc.getKey()));
        }
      });
      JsonNode theirSchemas = body.path("components").path("schemas");
      if (theirSchemas.isObject()) {
        // same-named schemas are the shared types (ProblemDetail & co.): the first one stands
        theirSchemas.properties().forEach(s -> {
          if (!schemas.has(s.getKey())) {
            schemas.set(s.getKey(), s.getValue());
          }
        });
      }
    }
    if (!unavailable.isEmpty()) {
      merged.set("x-engram-unavailable", JSON.valueToTree(unavailable));
    }
    return merged;
  }

  /** Operations without tags are tagged with their service, so Swagger UI groups them. */
  private static JsonNode tagged(JsonNode pathItem, String service) {
    ObjectNode copy = (ObjectNode) pathItem.deepCopy();
    copy.properties().forEach(op -> {
      if (op.getValue() instanceof ObjectNode operation && !operation.has("tags")) {
        operation.putArray("tags").add(service);
      }
    });
    return copy;
  }
}
