package io.engram.support.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the internal identity the gateway forwards to the services.
 *
 * <p>Wire form: {@code v1.<tenant>.<scope,scope>.<expiry epoch seconds>.<base64url HMAC-SHA256>}, the MAC
 * taken over everything before the last dot with a secret shared by the gateway and the services. It is
 * compact enough for a header and needs no JSON parser to check.
 */
public final class IdentityCodec {

  private static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9_-]*");

  private final Clock clock;
  // Mac.getInstance looks the provider up on every call; cloning an initialised prototype (never used
  // itself, so cloning it from many threads is safe) is cheaper, and this runs on every request
  private final Mac prototype;

  public IdentityCodec(String secret, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("identity secret must have at least 16 characters");
    }
    this.clock = clock;
    try {
      this.prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  public IdentityCodec(String secret) {
    this(secret, Clock.systemUTC());
  }

  /** Signs an identity for the given tenant and scopes, valid for {@code ttl} from now. */
  public String sign(String tenantId, Set<String> scopes, Duration ttl) {
    return encode(new InternalIdentity(tenantId, scopes, clock.instant().plus(ttl)));
  }

  public String encode(InternalIdentity identity) {
    for (String scope : identity.scopes()) {
      if (!SCOPE.matcher(scope).matches()) {
        throw new IllegalArgumentException("illegal scope: " + scope);
      }
    }
    String payload = VERSION + "." + identity.tenantId() + "." + String.join(",", new TreeSet<>(identity.scopes()))
        + "." + identity.expiresAt().getEpochSecond();
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /** The identity in {@code token}, or empty when it is malformed, forged or expired. */
  public Optional<InternalIdentity> verify(String token) {
    if (token == null || token.length() > 2048) {
      return Optional.empty();
    }
    int lastDot = token.lastIndexOf('.');
    if (lastDot < 0) {
      return Optional.empty();
    }
    String payload = token.substring(0, lastDot);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return Optional.empty();
    }
    String[] parts = payload.split("\\.", -1);
    if (parts.length != 4 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    try {
      Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      if (!expiresAt.isAfter(clock.instant())) {
        return Optional.empty();
      }
      Set<String> scopes = parts[2].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(parts[2].split(",")));
      return Optional.of(new InternalIdentity(parts[1], scopes, expiresAt));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      return ((Mac) prototype.clone()).doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HMAC-SHA256 provider cannot clone", e);
    }
  }
}
