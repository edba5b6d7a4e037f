package io.engram.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a service's Spring test class on a private primary and its streaming replica ({@link PrivatePostgres}, a
 * {@code pg_basebackup -R} copy on another port): a test class implements this interface and its context writes to
 * the primary ({@code spring.datasource.url}) and reads through the replica ({@code engram.datasource.replica.url}),
 * both dynamic properties, which win over the shared test database every other test runs on. Both servers are
 * destroyed after the class; the class must be {@code @DirtiesContext}, since its context holds pools on them.
 */
public interface ReadReplicaDatabases {

  @DynamicPropertySource
  static void readReplicaDatabases(DynamicPropertyRegistry registry) throws Exception {
    PrivatePostgres primary = PrivatePostgres.start("engram");
    Servers.primary = primary;
    Servers.replica = primary.replica();
    registry.add("spring.datasource.url", primary::jdbcUrl);
    registry.add("engram.datasource.replica.url", Servers.replica::jdbcUrl);
  }

  @AfterAll
  static void destroyReadReplicaDatabases() throws Exception {
    PrivatePostgres primary = Servers.primary;
    Servers.primary = null;
    Servers.replica = null;
    if (primary != null) {
      primary.close(); // its replica first
    }
  }

  /** The running class's replica: a test may pause its replay or stop it. */
  static PrivatePostgres replica() {
    return java.util.Objects.requireNonNull(Servers.replica, "no replica: the test class implements ReadReplicaDatabases");
  }

  /**
   * Calls {@code read} (a 200 with a {@code staleness} note and a {@code results} list) until the replica has served it
   * with results, for 20 s at most (the replica catches up with the writes before), and returns the last body.
   */
  static JsonNode untilServedByTheReplica(Supplier<ResponseEntity<String>> read, String results) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode body = null;
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      ResponseEntity<String> r = read.get();
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
      body = json.readTree(r.getBody());
      if (body.path("staleness").path("source").asString("").equals("replica") && !body.path(results).isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(body).isNotNull();
    assertThat(body.path("staleness").path("source").asString()).as(body.toString()).isEqualTo("replica");
    return body;
  }

  /** The servers of the test class that runs now (test classes of one JVM run one after another). */
  final class Servers {
    private static @Nullable PrivatePostgres primary;
    private static @Nullable PrivatePostgres replica;

    private Servers() {
    }
  }
}
