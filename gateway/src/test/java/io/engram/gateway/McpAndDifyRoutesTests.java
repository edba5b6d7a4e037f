package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * The integration routes: {@code /mcp} reaches llm-service as the key's tenant, and the Dify external
 * knowledge route answers authentication failures in Dify's error format (error_code 1001 for a bad
 * Authorization header, 1002 for a failed authorization, HTTP 403 as Dify documents), never reaching a
 * service.
 */
class McpAndDifyRoutesTests extends GatewayTestBase {

  private static final String DIFY = "/v1/dify/retrieval";
  private static final String DIFY_BODY = """
      {"knowledge_id":"handbook","query":"q","retrieval_setting":{"top_k":3,"score_threshold":0.5}}""";

  static String tenant;
  static String readKey;
  static String writeKey;

  @BeforeEach
  void keys() {
    if (tenant == null) {
      tenant = newTenant("integrations");
      readKey = newKey(tenant, "read");
      writeKey = newKey(tenant, "write");
    }
  }

  @SuppressWarnings("rawtypes")
  private EntityExchangeResult<Map> dify(String authorization) {
    return client.post().uri(DIFY).headers(h -> {
      if (authorization != null) {
        h.set(HttpHeaders.AUTHORIZATION, authorization);
      }
    }).contentType(MediaType.APPLICATION_JSON).bodyValue(DIFY_BODY).exchange().expectBody(Map.class).returnResult();
  }

  @SuppressWarnings("rawtypes")
  private static void assertDifyError(EntityExchangeResult<Map> result, int errorCode) {
    assertThat(result.getStatus().value()).isEqualTo(403);
    Map body = result.getResponseBody();
    assertThat(body).containsEntry("error_code", errorCode);
    assertThat((String) body.get("error_msg")).isNotBlank();
    // still a problem document of the platform
    assertThat(body).containsEntry("status", 403).containsKey("type");
  }

  @Test
  void whenDifyCallsWithoutABearerHeaderThenErrorCode1001() {
    int before = upstreamCalls.get();
    assertDifyError(dify(null), 1001);
    assertDifyError(dify("Basic dXNlcjpwYXNz"), 1001);
    assertDifyError(dify("Bearer "), 1001);
    assertThat((String) dify(null).getResponseBody().get("error_msg")).startsWith("Invalid Authorization header format");
    assertThat(upstreamCalls.get()).isEqualTo(before);
  }

  @Test
  void whenDifyCallsWithAnUnknownKeyOrOneWithoutReadThenErrorCode1002() {
    int before = upstreamCalls.get();
    assertDifyError(dify("Bearer egk_0000000000000000_" + "A".repeat(43)), 1002);
    assertDifyError(dify("Bearer not-an-engram-key"), 1002);
    @SuppressWarnings("rawtypes")
    EntityExchangeResult<Map> noRead = dify(bearer(writeKey));
    assertDifyError(noRead, 1002);
    assertThat((String) noRead.getResponseBody().get("error_msg")).startsWith("Authorization failed.").contains("'read'");
    assertThat(upstreamCalls.get()).isEqualTo(before);
  }

  @Test
  void whenDifyCallsWithAReadKeyThenRetrievalGetsTheTenantsIdentityAndNotTheKey() {
    @SuppressWarnings("rawtypes")
    EntityExchangeResult<Map> result = dify(bearer(readKey));
    assertThat(result.getStatus().value()).isEqualTo(200);
    assertThat(result.getResponseBody()).containsEntry("path", DIFY).containsEntry("authorization", false);
    assertThat((String) result.getResponseBody().get("identity")).startsWith("v1." + tenant + ".read.");
  }

  @Test
  void whenOtherRoutesFailAuthenticationThenTheyStayPlainProblems() {
    client.post().uri("/v1/collections/c1/search").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange().expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.error_code").doesNotExist().jsonPath("$.type")
        .isEqualTo("https://engram.dev/problems/unauthenticated");
  }

  @Test
  void whenAnMcpClientCallsWithAReadKeyThenLlmServiceGetsTheTenantsIdentity() {
    client.post().uri("/mcp").header(HttpHeaders.AUTHORIZATION, bearer(readKey))
        .header(HttpHeaders.ACCEPT, "application/json, text/event-stream")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
        .exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.path").isEqualTo("/mcp").jsonPath("$.authorization").isEqualTo(false)
        .jsonPath("$.identity").value(String.class, identity -> assertThat(identity).startsWith("v1." + tenant + ".read."));
  }

  @Test
  void whenThePlatformAdminKeyCallsMcpThenItIsRefusedBecauseItIsNoTenant() {
    client.post().uri("/mcp").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange().expectStatus().isForbidden();
  }
}
