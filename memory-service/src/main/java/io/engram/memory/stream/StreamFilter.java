package io.engram.memory.stream;

import io.engram.memory.event.IncomingEvent;
import io.engram.memory.extract.Terms;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The filter in front of the stream inputs (NDJSON and Kafka): the namespace's interest profile, when it has one,
 * must share a term with the item. Returns why an item is dropped, or empty to let it through. Restatements are
 * not dropped here: the write path turns them into NOOPs and merges, which raise the support of what the store
 * holds and keep every source in provenance (dropping them would lose both). Call inside a tenant transaction.
 */
@Component
public class StreamFilter {

  private final StreamProperties properties;
  private final Map<String, Set<String>> profiles = new ConcurrentHashMap<>();

  public StreamFilter(StreamProperties properties) {
    this.properties = properties;
  }

  public Optional<String> reject(String tenant, String namespace, IncomingEvent event, String fullText) {
    List<String> interests = properties.interests().get(namespace);
    if (interests != null && !interests.isEmpty()) {
      Set<String> profile = profiles.computeIfAbsent(namespace, n -> new HashSet<>(Terms.of(String.join(" ", interests))));
      if (Terms.of(fullText).stream().noneMatch(profile::contains)) {
        return Optional.of("outside the namespace's interest profile");
      }
    }
    return Optional.empty();
  }
}
