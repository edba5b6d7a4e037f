package io.engram.testsupport;

import io.engram.support.identity.IdentityCodec;
import java.time.Duration;
import java.util.Set;

/** Signs internal identities the way the gateway does, for tests that call a service directly. */
public final class TestIdentities {

  /** The secret the services' test configuration uses (see each service's application-test.yml). */
  public static final String SECRET = "engram-test-identity-secret-0123456789";

  private static final IdentityCodec CODEC = new IdentityCodec(SECRET);

  private TestIdentities() {
  }

  public static String token(String tenantId, String... scopes) {
    return CODEC.sign(tenantId, Set.of(scopes), Duration.ofMinutes(10));
  }

  /** A tenant id nobody else uses, so that tests sharing one database never see each other's data. */
  public static String uniqueTenant(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }
}
