package io.engram.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * What every Engram service must do, whatever it serves: migrate its schema on a database with pgvector,
 * answer health, metrics and OpenAPI without an identity, refuse calls without a valid one with a 401
 * problem, echo the request id, and answer unknown routes with a 404 problem. A service's test extends
 * this with its schema and service name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
public abstract class ServiceContractTests {

  private final String service;

  /** @param service the service's name, which is also its schema and its status path segment */
  protected ServiceContractTests(String service) {
    this.service = service;
  }

  @Autowired
  protected TestRestTemplate http;

  @Autowired
  protected JdbcClient jdbc;

  @Test
  void whenStartedThenSchemaIsMigratedAndPgvectorIsThere() {
    Integer migrations = jdbc.sql("select count(*) from " + service + ".flyway_schema_history where success").query(Integer.class).single();
    assertThat(migrations).isPositive();
    String distance = jdbc.sql("select ('[1,0]'::vector <=> '[0,1]'::vector)::text").query(String.class).single();
    assertThat(Double.parseDouble(distance)).isEqualTo(1.0);
  }

  @Test
  void whenHealthIsAskedWithoutIdentityThenLivenessAndReadinessAreUp() {
    assertThat(http.getForObject("/actuator/health/liveness", String.class)).contains("UP");
    assertThat(http.getForObject("/actuator/health/readiness", String.class)).contains("UP");
    assertThat(http.getForObject("/actuator/prometheus", String.class)).contains("jvm_memory_used_bytes");
  }

  @Test
  void whenCalledWithoutIdentityThen401Problem() {
    ResponseEntity<String> response = http.getForEntity("/v1/" + service + "/status", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody()).contains("https://engram.dev/problems/unauthenticated");
  }

  @Test
  void whenIdentityIsForgedThen401() {
    String forged = TestIdentities.token("tenant-a", "read").replace("tenant-a", "tenant-b");
    assertThat(call("/v1/" + service + "/status", forged, "req-forged-0001").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void whenCalledWithIdentityThenStatusNamesTenantAndEchoesRequestId() {
    ResponseEntity<String> response = call("/v1/" + service + "/status", TestIdentities.token("tenant-a", "read"), "req-status-0001");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-status-0001");
    assertThat(response.getBody()).contains("\"service\":\"" + service + "\"").contains("\"tenantId\":\"tenant-a\"")
        .contains("\"requestId\":\"req-status-0001\"");
  }

  @Test
  void whenRouteDoesNotExistThen404ProblemNotHtml() {
    ResponseEntity<String> response = call("/v1/no-such-thing", TestIdentities.token("tenant-a", "read"), "req-missing-01");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody()).contains("\"status\":404").contains("req-missing-01").doesNotContain("<html");
  }

  @Test
  void whenOpenApiIsAskedThenItIsTheCheckedInDocumentWithAnExampleOnEveryOperation() {
    String served = http.getForObject("/v3/api-docs", String.class);
    assertThat(served).contains("\"openapi\":\"3.1");
    assertThat(OpenApiDocuments.operationsWithoutExample(OpenApiDocuments.parse(served)))
        .as("operations without an example (add them to src/main/resources/openapi/examples.json)").isEmpty();
    OpenApiDocuments.assertMatchesCheckedIn(service + ".json", served);
  }

  private ResponseEntity<String> call(String path, String identity, String requestId) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", identity);
    headers.set("X-Request-Id", requestId);
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }
}
