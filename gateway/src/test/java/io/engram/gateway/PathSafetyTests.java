package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paths whose segments a service would read differently from the gateway (encoded '/', '\', NUL, dot
 * segments) are refused at the gateway with a 400 problem, never forwarded, never an HTML page.
 */
class PathSafetyTests extends GatewayTestBase {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void unsafePathsAreProblemsAndNeverReachAService() throws Exception {
    String key = newKey(newTenant("path"), "read", "write", "admin");
    List<String> unsafe = List.of(
        "/v1/collections/..%2F..%2Fetc/documents",
        "/v1/collections/..%2f..%2fetc/passwd",
        "/v1/collections/a%00b/documents",
        "/v1/collections/a%5Cb",
        "/v1/collections/%2e%2e/documents",
        "/v1/collections/%2E/search",
        "/v1/collections/../../admin/tenants",
        "/v1/memory/ns%0Ax/recall",
        "/v1/collections/a%7Fb");
    int before = upstreamCalls.get();
    for (String target : unsafe) {
      RawHttp.Response response = RawHttp.send(serverPort, "GET", target.getBytes(StandardCharsets.ISO_8859_1),
          Map.of("Authorization", bearer(key)), null);
      assertThat(response.status()).as(target).isEqualTo(400);
      assertThat(response.header("Content-Type")).as(target).startsWith("application/problem+json");
      assertThat(response.header("X-Upstream")).as(target).isNull();
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("status").asInt()).as(target).isEqualTo(400);
      assertThat(problem.path("type").asString()).as(target).startsWith("https://engram.dev/problems/");
      assertThat(problem.path("requestId").asString()).as(target).isNotBlank();
    }
    assertThat(upstreamCalls.get()).as("calls that reached a service").isEqualTo(before);
  }

  @Test
  void encodedSlashIsRefusedBeforeAuthentication() throws Exception {
    RawHttp.Response response = RawHttp.send(serverPort, "GET",
        "/v1/collections/..%2F..%2Fetc/documents".getBytes(StandardCharsets.ISO_8859_1), Map.of(), null);
    assertThat(response.status()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo("https://engram.dev/problems/invalid-path");
  }

  @Test
  void ordinaryEncodedCharactersStillPass() throws Exception {
    String key = newKey(newTenant("path-ok"), "read");
    for (String target : List.of("/v1/collections/a%20b/documents", "/v1/collections/caf%C3%A9", "/v1/collections/a..b")) {
      RawHttp.Response response = RawHttp.send(serverPort, "GET", target.getBytes(StandardCharsets.ISO_8859_1),
          Map.of("Authorization", bearer(key)), null);
      assertThat(response.header("X-Upstream")).as(target + " -> " + response.status() + " " + response.body()).isEqualTo("echo");
    }
  }
}
