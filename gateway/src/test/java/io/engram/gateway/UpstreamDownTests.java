package io.engram.gateway;

import io.engram.testsupport.TestDatabaseConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With every service down: 503 problems on the routes, and an API document that says what is missing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "engram.identity.secret=" + GatewayTestBase.SECRET,
    "engram.gateway.auth.admin-key=" + GatewayTestBase.ADMIN_KEY})
@AutoConfigureWebTestClient(timeout = "30s")
@Import(TestDatabaseConfiguration.class)
class UpstreamDownTests {

  @Autowired
  WebTestClient client;

  @DynamicPropertySource
  static void routes(DynamicPropertyRegistry registry) {
    String down = "http://127.0.0.1:" + GatewayTestBase.closedPort();
    registry.add("ENGRAM_RETRIEVAL_URL", () -> down);
    registry.add("ENGRAM_MEMORY_URL", () -> down);
    registry.add("ENGRAM_LLM_URL", () -> down);
  }

  @Test
  void whenServiceIsDownThen503Problem() {
    String tenant = io.engram.testsupport.TestIdentities.uniqueTenant("down");
    client.post().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("id", tenant)).exchange().expectStatus().isCreated();
    String key = (String) client.post().uri("/admin/tenants/{t}/keys", tenant)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.ADMIN_KEY)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scopes", java.util.List.of("read")))
        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
    client.post().uri("/v1/answers").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type").isEqualTo("https://engram.dev/problems/unavailable");
  }

  @Test
  void aggregatedApiDocumentNamesTheServicesItCouldNotReach() {
    client.get().uri("/openapi/engram.json").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.paths['/admin/tenants'].post").exists()
        .jsonPath("$.x-engram-unavailable.length()").isEqualTo(3);
  }
}
