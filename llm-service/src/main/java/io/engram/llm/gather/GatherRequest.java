package io.engram.llm.gather;

import io.engram.llm.source.HistoryMessage;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One round of gathering: the queries to search each collection with, whether to recall memory (and
 * with which query), and the deadline no call may pass.
 */
public record GatherRequest(List<String> queries, List<String> collections, @Nullable String memoryNamespace,
    @Nullable String memoryQuery, List<HistoryMessage> history, int topK, int memoryTopK, Instant deadline) {

  public GatherRequest {
    queries = List.copyOf(queries);
    collections = List.copyOf(collections);
    history = List.copyOf(history);
  }
}
