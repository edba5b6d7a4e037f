package io.engram.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * problem, echo the request id, answer unknown routes with a 404 problem, and keep a keep-alive
 * connection open for hundreds of requests. A service's test extends
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

  @LocalServerPort
  int port;

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

  @Test
  void oneKeepAliveConnectionCarriesHundredsOfRequests() throws IOException {
    // the gateway's connection pool depends on it: Tomcat's default closes a connection after 100 requests
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      var in = new BufferedInputStream(socket.getInputStream());
      var out = socket.getOutputStream();
      for (int i = 1; i <= 250; i++) {
        out.write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertThat(head).as("response %d", i).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
        skipBody(in, head);
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the server after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
      return;
    }
    while (true) { // chunked
      int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
      in.readNBytes(size);
      readLine(in);
      if (size == 0) {
        return;
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException();
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private ResponseEntity<String> call(String path, String identity, String requestId) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", identity);
    headers.set("X-Request-Id", requestId);
    return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
  }
}
