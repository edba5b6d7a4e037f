package io.engram.testsupport;

import java.util.Map;
import java.util.Optional;

/**
 * Where integration tests find their real PostgreSQL with pgvector: the URL in {@code ENGRAM_TEST_DB_URL}
 * (always given in CI by {@code scripts/test}); without it, a Testcontainers pgvector container when a
 * Docker engine is there; without either, tests fail with a message that says what to do, never skip.
 */
public final class TestDatabase {

  public static final String URL_VARIABLE = "ENGRAM_TEST_DB_URL";
  public static final String IMAGE = "pgvector/pgvector:pg16";

  private TestDatabase() {
  }

  /** The externally given database, if any. */
  public static Optional<Map<String, String>> given() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      url = System.getProperty(URL_VARIABLE);
    }
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Map.of(
        "url", url,
        "username", env("ENGRAM_TEST_DB_USER", "engram"),
        "password", env("ENGRAM_TEST_DB_PASSWORD", "engram")));
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Whether a Docker engine answers, for Testcontainers. */
  public static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  /** The failure of a test that has neither a given database nor Docker: it says what to set. */
  public static IllegalStateException missing() {
    return new IllegalStateException("No test database: set " + URL_VARIABLE
        + " (jdbc:postgresql://host:port/db with pgvector; scripts/test provisions one and sets it) or run with a"
        + " Docker engine for Testcontainers (" + IMAGE + ").");
  }
}
