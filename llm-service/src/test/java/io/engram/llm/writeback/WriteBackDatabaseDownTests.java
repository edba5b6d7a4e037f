package io.engram.llm.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.engram.llm.source.MemorySource;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A grounded answer whose write-back cannot be stored (the outbox's database refuses connections) is still given,
 * 200, and says so: status not-stored with a reason, no event id, and the loss counted in
 * {@code engram.writeback.failures{kind="not-stored"}}; it does not claim "queued" for an event that is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestDatabaseConfiguration.class, WriteBackDatabaseDownTests.OutboxOnAClosedPort.class})
class WriteBackDatabaseDownTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final WireMockServer RETRIEVAL = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private static final WireMockServer MEMORY = new WireMockServer(WireMockConfiguration.options().dynamicPort());

  static {
    RETRIEVAL.start();
    MEMORY.start();
    RETRIEVAL.stubFor(post(urlPathEqualTo("/v1/collections/handbook/search")).willReturn(json("""
        {"collection":"handbook","query":"who founded acme","hits":[
          {"chunkId":"c-1","documentId":"d-1","text":"Acme was founded by Jane Roe in 1999 in Lyon. It makes anvils.",
           "title":"About Acme","metadata":{"lang":"en"},"score":0.91}]}""")));
    MEMORY.stubFor(post(urlPathEqualTo("/v1/memory/notes/recall")).willReturn(json("{\"items\":[]}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @DynamicPropertySource
  static void peers(DynamicPropertyRegistry registry) {
    registry.add("engram.sources.retrieval-url", RETRIEVAL::baseUrl);
    registry.add("engram.sources.memory-url", MEMORY::baseUrl);
  }

  @AfterAll
  static void stopPeers() {
    RETRIEVAL.stop();
    MEMORY.stop();
  }

  /** The answer's outbox on a database where nothing listens (the rest of the service keeps the test database). */
  @TestConfiguration
  static class OutboxOnAClosedPort {

    @Bean(destroyMethod = "close")
    @Primary
    WriteBackOutbox outboxOnAClosedPort(MemorySource memory, IdentityCodec identities, WriteBackProperties properties,
        MeterRegistry meters) throws IOException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      DriverManagerDataSource down = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + port
          + "/engram?connectTimeout=2", "engram", "engram");
      JdbcClient jdbc = JdbcClient.create(down);
      return new WriteBackOutbox(new TenantTransactions(new TransactionTemplate(new DataSourceTransactionManager(down)),
          jdbc), jdbc, memory, identities, properties, JsonMapper.builder().build(), meters);
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  private double notStored() {
    var counter = meters.find("engram.writeback.failures").tag("kind", "not-stored").counter();
    return counter == null ? 0 : counter.count();
  }

  private HttpResponse<String> answer(String tenant) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
        .header("Content-Type", "application/json").header("X-Engram-Identity", TestIdentities.token(tenant, "read"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"question\":\"Who founded Acme?\",\"collections\":[\"handbook\"],\"memoryNamespace\":\"notes\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whenTheOutboxDatabaseJustFailedThenTheNextAnswerDoesNotWaitForItAgain() throws Exception {
    String tenant = TestIdentities.uniqueTenant("wb-down");
    double before = notStored();
    HttpResponse<String> first = answer(tenant);
    HttpResponse<String> second = answer(tenant);

    // the first tried the database (or found it failed moments ago); the second, right after, does not try again
    for (HttpResponse<String> response : List.of(first, second)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).path("writeBack").path("status").asString()).isEqualTo("not-stored");
    }
    assertThat(JSON.readTree(second.body()).path("writeBack").path("reason").asString()).as(second.body())
        .contains("outbox is unavailable").contains("less than " + WriteBackOutbox.STORE_RETRY_SECONDS + " s ago");
    assertThat(notStored()).isEqualTo(before + 2);
  }

  @Test
  void whenTheOutboxCannotBeWrittenThenTheAnswerIsGivenAndSaysItsWriteBackWasNotStored() throws Exception {
    String tenant = TestIdentities.uniqueTenant("wb-down");
    double before = notStored();

    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
        .header("Content-Type", "application/json").header("X-Engram-Identity", TestIdentities.token(tenant, "read"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"question\":\"Who founded Acme?\",\"collections\":[\"handbook\"],\"memoryNamespace\":\"notes\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("grounded").asBoolean()).as(response.body()).isTrue();
    assertThat(body.path("answer").asString()).contains("Jane Roe");
    JsonNode writeBack = body.path("writeBack");
    assertThat(writeBack.path("status").asString()).as(response.body()).isEqualTo("not-stored");
    assertThat(writeBack.path("reason").asString()).contains("outbox");
    assertThat(writeBack.hasNonNull("eventId")).isFalse();
    assertThat(notStored()).isEqualTo(before + 1);
  }
}
