package io.engram.gateway.auth;

import io.engram.gateway.keys.KeyStore;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps each key's last use in memory and writes them in one batch every
 * {@code engram.gateway.auth.last-use-flush}, so that no request waits for a database write.
 */
@Component
class LastUseRecorder {

  private static final Logger log = LoggerFactory.getLogger(LastUseRecorder.class);

  private final KeyStore store;
  private final Clock clock = Clock.systemUTC();
  private volatile Map<String, Instant> pending = new ConcurrentHashMap<>();

  LastUseRecorder(KeyStore store) {
    this.store = store;
  }

  void used(String keyId) {
    pending.put(keyId, clock.instant());
  }

  @Scheduled(fixedDelayString = "${engram.gateway.auth.last-use-flush:30s}")
  @PreDestroy
  void flush() {
    Map<String, Instant> batch = pending;
    if (batch.isEmpty()) {
      return;
    }
    pending = new ConcurrentHashMap<>();
    try {
      store.recordLastUse(batch);
    } catch (RuntimeException e) {
      // keep them for the next round rather than lose them
      batch.forEach((id, at) -> pending.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
      log.warn("could not record the last use of {} keys: {}", batch.size(), e.toString());
    }
  }
}
