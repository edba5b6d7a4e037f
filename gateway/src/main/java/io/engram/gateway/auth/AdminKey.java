package io.engram.gateway.auth;

import io.engram.gateway.keys.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The platform's bootstrap admin key, from configuration or a mounted secret file. Kept only as a hash in
 * memory and compared in constant time; without one, platform administration is closed to everyone.
 */
@Component
public class AdminKey {

  /** Short admin keys are guessable; 32 characters of a random hex or base64 string is plenty. */
  static final int MIN_LENGTH = 24;
  private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

  private final byte[] hash;

  AdminKey(AuthProperties properties) {
    String key = properties.adminKey();
    if (properties.adminKeyFile() != null && !properties.adminKeyFile().isBlank()) {
      try {
        key = Files.readString(Path.of(properties.adminKeyFile())).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the admin key file " + properties.adminKeyFile(), e);
      }
    }
    if (key == null || key.isBlank()) {
      log.warn("no admin key configured (ENGRAM_ADMIN_KEY or ENGRAM_ADMIN_KEY_FILE): the admin API is closed");
      this.hash = null;
    } else if (key.length() < MIN_LENGTH) {
      throw new IllegalStateException("the admin key must have at least " + MIN_LENGTH + " characters");
    } else {
      this.hash = ApiKeys.hash(key);
    }
  }

  public boolean matches(String candidate) {
    return hash != null && MessageDigest.isEqual(hash, ApiKeys.hash(candidate));
  }
}
