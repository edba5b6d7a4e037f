package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One event for the memory service; the LLM service writes {@code interaction} events. */
public record MemoryEvent(String id, String kind, @Nullable String text, @Nullable String question,
    @Nullable String answer, @Nullable List<ContextEntry> context, @Nullable String eventTime,
    @Nullable List<String> sources) {

  /** A passage the answer used, by its source id. */
  public record ContextEntry(String sourceId, String text) {
  }
}
