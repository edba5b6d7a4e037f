package io.engram.llm.deep;

import io.engram.llm.fusion.Passage;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Judges what a question still needs after a round of retrieval and proposes the next queries: the
 * "reflect" step of deep search. An empty list means nothing worth searching for is missing.
 */
public interface FollowUpPlanner {

  /** A plan: the next queries, why, and the tokens the planning itself cost. */
  record Plan(List<String> queries, String reason, int tokens) {
    public Plan {
      queries = List.copyOf(queries);
    }
  }

  Plan plan(String question, List<Passage> fused, Set<String> askedQueries, int maxQueries, Duration timeLeft);

  String name();
}
