package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.gateway.keys.ApiKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway's database (keys, tenants) is not there (a port nothing listens on): a key that must be looked up and an
 * admin call both get a 503 {@code database-unavailable} problem with Retry-After, as the services answer, quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "engram.identity.secret=" + GatewayTestBase.SECRET,
    "engram.gateway.auth.admin-key=" + GatewayTestBase.ADMIN_KEY,
    "spring.datasource.hikari.connection-timeout=1000",
    "spring.datasource.hikari.initialization-fail-timeout=-1",
    "spring.flyway.enabled=false"})
@AutoConfigureWebTestClient(timeout = "30s")
class DatabaseDownTests {

  @Autowired
  WebTestClient client;

  /** Dynamic: wins over the test database that test-support puts first for every other gateway test. */
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + GatewayTestBase.closedPort() + "/none");
  }

  @Test
  void whenTheDatabaseIsDownThenKeyLookupsAndAdminCallsAre503ProblemsWithRetryAfter() {
    String key = ApiKeys.generate().key();
    long t0 = System.nanoTime();
    client.post().uri("/v1/answers").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.type").isEqualTo("https://engram.dev/problems/database-unavailable");
    client.get().uri("/admin/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.ADMIN_KEY)
        .exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.type").isEqualTo("https://engram.dev/problems/database-unavailable");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded by the pool's connection timeout")
        .isLessThan(Duration.ofSeconds(15));
  }
}
