package io.engram.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service whose database is not there (a port nothing listens on) answers a 503 problem with Retry-After, quickly,
 * for a plain query and for a transaction alike, never a 500 and never a hang.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = DatabaseDownTests.App.class,
    properties = {"engram.service.name=probe", "engram.identity.secret=probe-identity-secret-0123456789",
        "engram.identity.open-paths=/v1/**", "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
        "spring.datasource.username=none", "spring.datasource.password=none-0123456789", "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.initialization-fail-timeout=-1", "spring.sql.init.mode=never"})
class DatabaseDownTests {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration(excludeName = {"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
  @Import(Reader.class)
  static class App {
  }

  @RestController
  static class Reader {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    Reader(JdbcClient jdbc, TransactionTemplate transactions) {
      this.jdbc = jdbc;
      this.transactions = transactions;
    }

    @GetMapping("/v1/query")
    Integer query() {
      return jdbc.sql("select 1").query(Integer.class).single();
    }

    @GetMapping("/v1/transaction")
    Integer transaction() {
      return transactions.execute(status -> jdbc.sql("select 1").query(Integer.class).single());
    }
  }

  @LocalServerPort
  int port;

  @Test
  void whenTheDatabaseIsUnreachableThenEveryCallIsA503ProblemWithRetryAfter() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : new String[] {"/v1/query", "/v1/transaction"}) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains(ProblemHandler.RETRY_AFTER_SECONDS);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
      assertThat(r.body()).contains("database-unavailable").doesNotContain("Exception");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("bounded by the pool's connection timeout").isLessThan(15_000);
    }
  }
}
