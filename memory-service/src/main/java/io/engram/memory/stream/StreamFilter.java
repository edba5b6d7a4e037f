package io.engram.memory.stream;

import io.engram.memory.event.EventRepository;
import io.engram.memory.event.IncomingEvent;
import io.engram.memory.extract.SimHash;
import io.engram.memory.extract.Terms;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The filter in front of the stream inputs (NDJSON and Kafka): 1. the namespace's interest profile, when it
 * has one, must share a term with the item; 2. an item whose SimHash is within
 * {@value SimHash#NEAR_DUPLICATE_BITS} bits of one of the namespace's recent events is a near-duplicate and
 * dropped before extraction (the write path would merge it anyway, at the cost of extraction and search).
 * Returns why an item is dropped, or empty to let it through. Call inside a tenant transaction.
 */
@Component
public class StreamFilter {

  private final EventRepository events;
  private final StreamProperties properties;
  private final Map<String, Set<String>> profiles = new ConcurrentHashMap<>();

  public StreamFilter(EventRepository events, StreamProperties properties) {
    this.events = events;
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
    long hash = SimHash.of(fullText);
    for (long recent : events.recentSimhashes(tenant, namespace, properties.recentWindow())) {
      if (SimHash.distance(hash, recent) <= SimHash.NEAR_DUPLICATE_BITS) {
        return Optional.of("near-duplicate of a recent event");
      }
    }
    return Optional.empty();
  }
}
