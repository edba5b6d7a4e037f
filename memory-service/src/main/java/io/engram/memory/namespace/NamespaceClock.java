package io.engram.memory.namespace;

import java.time.Instant;
import java.util.Optional;

/**
 * A namespace's clock: the event time of its latest event. Consolidation and the token budget take their
 * time from it, not from the wall clock, so offline runs replay identically. Implemented by the events
 * table's owner ({@code event.EventRepository}); declared here so that budget and consolidation, which the
 * write path calls, need not import the write path's package.
 */
public interface NamespaceClock {

  /** The event time of the namespace's latest event; empty when it has none. */
  Optional<Instant> latestEventTime(String tenant, String namespace);
}
