package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.gateway.openapi.OpenApiMerge;
import io.engram.testsupport.OpenApiDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The aggregated OpenAPI document and Swagger UI at the gateway, open without a key. */
class OpenApiTests extends GatewayTestBase {

  @Test
  void aggregatedDocumentMergesTheServicesAndDeclaresTheKeyScheme() {
    client.get().uri("/openapi/engram.json").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.openapi").isEqualTo("3.1.0")
        .jsonPath("$.components.securitySchemes.apiKey.type").isEqualTo("http")
        .jsonPath("$.components.securitySchemes.apiKey.scheme").isEqualTo("bearer")
        .jsonPath("$.security[0].apiKey").isArray()
        // from the services (retrieval and memory point at the fixture upstream)
        .jsonPath("$.paths['/v1/memory/{namespace}/recall'].post.operationId").isEqualTo("recall")
        .jsonPath("$.paths['/v1/memory/{namespace}/recall'].post.tags[0]").isEqualTo("retrieval")
        .jsonPath("$.components.schemas.RecallRequest.type").isEqualTo("object")
        // from the gateway itself
        .jsonPath("$.paths['/admin/tenants'].post").exists()
        .jsonPath("$.paths['/admin/tenants/{tenant}/keys'].post").exists()
        .jsonPath("$.x-engram-unavailable").doesNotExist();
  }

  @Test
  void gatewayDocumentDeclaresTheBearerScheme() {
    client.get().uri("/v3/api-docs").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.components.securitySchemes.apiKey.scheme").isEqualTo("bearer")
        .jsonPath("$.paths['/admin/tenants/{tenant}/keys/{id}'].delete").exists();
  }

  @Test
  void swaggerUiIsServedWithTheAggregatedDocumentFirst() {
    client.get().uri("/v3/api-docs/swagger-config").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.urls[0].url").isEqualTo("/openapi/engram.json")
        .jsonPath("$['urls.primaryName']").isEqualTo("Engram API (all services)");
    client.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
  }

  @Test
  void gatewayDocumentIsTheCheckedInOneWithAnExampleOnEveryOperation() {
    String served = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(OpenApiDocuments.operationsWithoutExample(OpenApiDocuments.parse(served))).isEmpty();
    OpenApiDocuments.assertMatchesCheckedIn("gateway.json", served);
  }

  /**
   * openapi/engram.json, which the clients are generated from, is what the gateway serves at
   * /openapi/engram.json when the services serve their checked-in documents (each service's own test
   * holds it to its document): the merge of the checked-in documents, without conflicting components.
   */
  @Test
  void platformDocumentIsTheMergeOfTheCheckedInDocuments() {
    List<Map.Entry<String, JsonNode>> parts = new ArrayList<>();
    for (String part : List.of("gateway", "retrieval", "memory", "llm")) {
      parts.add(Map.entry(part, OpenApiDocuments.read(part + ".json")));
    }
    JsonNode merged = OpenApiMerge.merge(parts);
    assertThat(merged.has("x-engram-conflicts")).as(merged.path("x-engram-conflicts").toString()).isFalse();
    assertThat(merged.has("x-engram-unavailable")).isFalse();
    assertThat(OpenApiDocuments.operationsWithoutExample(merged)).isEmpty();
    OpenApiDocuments.assertMatchesCheckedIn("engram.json", merged);
  }
}
