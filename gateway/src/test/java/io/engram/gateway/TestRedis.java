package io.engram.gateway;

/**
 * The real Redis the rate-limit tests run against: {@code ENGRAM_TEST_REDIS_URL}, else the local one that
 * {@code scripts/provision} starts. A test that needs it fails when it is not there; it never skips.
 */
final class TestRedis {

  private TestRedis() {
  }

  static String url() {
    String url = System.getenv("ENGRAM_TEST_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }
}
