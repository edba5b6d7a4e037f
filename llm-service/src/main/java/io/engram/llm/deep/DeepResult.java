package io.engram.llm.deep;

import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.StageTrace;
import java.util.List;

/** All a deep search gathered across rounds, why it stopped, and the per-round trace. */
public record DeepResult(List<RankedList> lists, List<String> degraded, List<StageTrace> stages,
    List<RoundTrace> rounds, String stopReason, int tokensUsed, long tookMs, String planner) {

  public DeepResult {
    lists = List.copyOf(lists);
    degraded = List.copyOf(degraded);
    stages = List.copyOf(stages);
    rounds = List.copyOf(rounds);
  }
}
