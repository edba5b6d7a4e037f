package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One recalled memory item, as the memory service's contract names it. */
public record MemoryItem(String id, String statement, @Nullable String kind, @Nullable String validFrom,
    @Nullable String validTo, @Nullable Double support, double score, boolean archived,
    @Nullable List<Provenance> provenance) {

  /** Where a memory item came from. */
  public record Provenance(@Nullable String eventId, @Nullable String sourceRef) {
  }
}
