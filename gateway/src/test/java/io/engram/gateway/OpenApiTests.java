package io.engram.gateway;

import org.junit.jupiter.api.Test;

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
}
