package io.engram.llm.writeback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Write-back settings.
 *
 * @param enabled whether answers are written back to memory at all
 * @param maxAttempts deliveries tried before a row is left for an operator (kept, never deleted)
 * @param initialBackoff wait after the first failure; doubles per attempt up to {@code maxBackoff}
 * @param maxBackoff the longest wait between attempts
 * @param pollInterval how often the relay looks for due rows
 */
@ConfigurationProperties("engram.llm.write-back")
public record WriteBackProperties(Boolean enabled, Integer maxAttempts, Duration initialBackoff, Duration maxBackoff,
    Duration pollInterval) {

  public WriteBackProperties {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    maxAttempts = maxAttempts == null ? 12 : maxAttempts;
    initialBackoff = initialBackoff == null ? Duration.ofSeconds(2) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
    pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
  }
}
