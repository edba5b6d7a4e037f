package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.client.ApiClient;
import io.engram.client.api.StatusApi;
import io.engram.client.model.ServiceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The four services as real processes: every request goes through the gateway like a client's would. */
class PlatformIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Platform platform;
  private static Platform.TenantKey caller;

  @BeforeAll
  static void startPlatform() throws Exception {
    platform = Platform.shared();
    caller = platform.newTenant("e2e", "read", "write");
  }

  @ParameterizedTest
  @ValueSource(strings = {"retrieval", "memory", "llm"})
  void requestThroughGatewayReachesEachServiceAndKeepsItsRequestId(String service) {
    String requestId = "e2e-" + service + "-" + System.nanoTime();
    StatusApi status = new StatusApi(client(requestId, "X-Tenant-Id", "intruder"));
    ResponseEntity<ServiceStatus> response = switch (service) {
      case "retrieval" -> status.getRetrievalStatusWithHttpInfo();
      case "memory" -> status.getMemoryStatusWithHttpInfo();
      default -> status.getLlmStatusWithHttpInfo();
    };

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo(requestId);
    assertThat(response.getBody().getService()).isEqualTo(service);
    assertThat(response.getBody().getRequestId()).isEqualTo(requestId);
    // the client-sent tenant header is stripped; the tenant of the API key wins
    assertThat(response.getBody().getTenantId()).isEqualTo(caller.tenant());
  }

  @Test
  void clientCannotForgeTheInternalIdentity() {
    ServiceStatus status = new StatusApi(client("e2e-forge-0001", "X-Engram-Identity", "v1.evil.admin.9999999999.AAAA"))
        .getRetrievalStatus();
    assertThat(status.getTenantId()).isEqualTo(caller.tenant());
  }

  private static ApiClient client(String requestId, String header, String value) {
    ApiClient client = platform.client(caller.key());
    client.addDefaultHeader("X-Request-Id", requestId);
    client.addDefaultHeader(header, value);
    return client;
  }

  // Raw HTTP below on purpose: requests without a key, past the gateway, to routes and endpoints outside the API.

  @Test
  void requestWithoutKeyIsA401Problem() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url("gateway") + "/v1/collections"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void servicesRefuseCallsThatBypassTheGateway() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url("memory-service") + "/v1/memory/status"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void unknownRouteIsA404ProblemDocument() throws Exception {
    HttpResponse<String> response = get("/v1/no-such-route", "e2e-404-000001", "Accept", "text/html");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(404);
    assertThat(body.path("type").asString()).startsWith("https://engram.dev/problems/");
    assertThat(body.path("requestId").asString()).isEqualTo("e2e-404-000001");
  }

  @Test
  void gatewayHealthIsUp() throws Exception {
    HttpResponse<String> response = get("/actuator/health", "e2e-health-0001", "Accept", "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"UP\"");
  }

  private static HttpResponse<String> get(String path, String requestId, String header, String value) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(platform.url("gateway") + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Request-Id", requestId)
        .header("Authorization", "Bearer " + caller.key())
        .header(header, value)
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
