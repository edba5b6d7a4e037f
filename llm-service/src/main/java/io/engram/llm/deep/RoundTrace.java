package io.engram.llm.deep;

import java.util.List;

/** What one deep-search round did: its queries, what it found that was new, its cost, and the next decision. */
public record RoundTrace(int round, List<String> queries, int passages, int newPassages, long tookMs,
    int tokens, int tokensTotal, String decision) {

  public RoundTrace {
    queries = List.copyOf(queries);
  }
}
