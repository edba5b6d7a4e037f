package io.engram.memory.recall;

import java.time.Instant;

/**
 * A recall: query text, how many items, the event time to recall at (null: now, live items only), whether
 * archived items count, whether to explain each score, and the system time to recall as of ({@code knownAt}: what
 * the store believed then; null: what it believes now).
 */
public record RecallQuery(String query, int topK, Instant asOf, boolean includeArchived, boolean explain, Instant knownAt) {

  public RecallQuery(String query, int topK, Instant asOf, boolean includeArchived, boolean explain) {
    this(query, topK, asOf, includeArchived, explain, null);
  }

  public static final int MAX_TOP_K = 100;

  public RecallQuery {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query cannot be empty");
    }
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("illegal topK: " + topK + ", must be in [1, " + MAX_TOP_K + "]");
    }
  }
}
