package io.engram.llm.source;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the retrieval and memory services are and how long one call to each may take.
 *
 * @param retrievalUrl base URL of the retrieval service
 * @param memoryUrl base URL of the memory service
 * @param connectTimeout TCP connect timeout
 * @param retrievalTimeout per-call timeout of a search
 * @param memoryTimeout per-call timeout of a recall
 */
@ConfigurationProperties("engram.sources")
public record SourceProperties(String retrievalUrl, String memoryUrl, Duration connectTimeout,
    Duration retrievalTimeout, Duration memoryTimeout) {

  public SourceProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
    retrievalTimeout = retrievalTimeout == null ? Duration.ofSeconds(5) : retrievalTimeout;
    memoryTimeout = memoryTimeout == null ? Duration.ofSeconds(3) : memoryTimeout;
  }
}
