package io.engram.gateway.openapi;

import io.engram.support.openapi.PublicApiCustomizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Merges the gateway's and the services' OpenAPI documents into the platform's one document. */
public final class OpenApiMerge {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OpenApiMerge() {
  }

  /**
   * One document from the gateway's and the services' documents: paths and every kind of component, each
   * sorted by name so that the same inputs always give the same document. A component that two documents
   * define differently is kept as the first one defines it and named in {@code x-engram-conflicts}.
   */
  public static ObjectNode merge(List<Map.Entry<String, JsonNode>> docs) {
    ObjectNode merged = JSON.createObjectNode();
    merged.put("openapi", "3.1.0");
    merged.putObject("info").put("title", "Engram API").put("version", "v1")
        .put("description", "Every service of the platform behind its one public door, the gateway."
            + " Call with 'Authorization: Bearer <API key>'.");
    merged.putArray("servers").addObject().put("url", PublicApiCustomizer.SERVER)
        .put("description", "The gateway, as scripts/up starts it");
    Map<String, JsonNode> paths = new TreeMap<>();
    Map<String, Map<String, JsonNode>> components = new TreeMap<>();
    // declared here too, so that the scheme the document requires is there even when a document is missing
    components.computeIfAbsent("securitySchemes", k -> new TreeMap<>()).put(OpenApiConfiguration.SCHEME,
        JSON.createObjectNode().put("type", "http").put("scheme", "bearer").put("bearerFormat", PublicApiCustomizer.BEARER_FORMAT)
            .put("description", PublicApiCustomizer.BEARER_DESCRIPTION));
    List<String> unavailable = new ArrayList<>();
    Set<String> conflicts = new TreeSet<>();
    for (Map.Entry<String, JsonNode> doc : docs) {
      JsonNode body = doc.getValue();
      if (!body.has("paths")) {
        unavailable.add(doc.getKey());
        continue;
      }
      body.get("paths").properties().forEach(path -> paths.putIfAbsent(path.getKey(), tagged(path.getValue(), doc.getKey())));
      body.path("components").properties().forEach(kind -> {
        Map<String, JsonNode> known = components.computeIfAbsent(kind.getKey(), k -> new TreeMap<>());
        kind.getValue().properties().forEach(component -> {
          JsonNode first = known.putIfAbsent(component.getKey(), component.getValue());
          if (first != null && !first.equals(component.getValue())) {
            conflicts.add(kind.getKey() + "/" + component.getKey());
          }
        });
      });
    }
    merged.putArray("security").addObject().putArray(OpenApiConfiguration.SCHEME);
    ObjectNode pathsNode = merged.putObject("paths");
    paths.forEach(pathsNode::set);
    ObjectNode componentsNode = merged.putObject("components");
    components.forEach((kind, named) -> {
      ObjectNode kindNode = componentsNode.putObject(kind);
      named.forEach(kindNode::set);
    });
    if (!unavailable.isEmpty()) {
      merged.set("x-engram-unavailable", JSON.valueToTree(unavailable));
    }
    if (!conflicts.isEmpty()) {
      merged.set("x-engram-conflicts", JSON.valueToTree(conflicts));
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
