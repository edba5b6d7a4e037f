package io.engram.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key format: {@code egk_<id>_<secret>}, a public 16-character id that finds the stored row and a
 * 256-bit random secret. Only the SHA-256 of the whole key is stored: the secret is high-entropy, so a
 * fast hash is enough (no password stretching needed) and keeps every request cheap.
 */
public final class ApiKeys {

  public static final String PREFIX = "egk_";
  private static final Pattern FORMAT = Pattern.compile("egk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {
  }

  /** A new key: its public id and the full key text, which is shown to the caller once. */
  public record NewKey(String id, String key) {
  }

  public static NewKey generate() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String keyId = new String(id);
    return new NewKey(keyId, PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The public id of a well-formed key, or empty when {@code key} does not have the key format. */
  public static Optional<String> idOf(String key) {
    if (key == null || key.length() != 64) {
      return Optional.empty();
    }
    Matcher matcher = FORMAT.matcher(key);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Compares in constant time, so response timing tells nothing about how much of a guess was right. */
  public static boolean matches(String key, byte[] storedHash) {
    return MessageDigest.isEqual(hash(key), storedHash);
  }
}
