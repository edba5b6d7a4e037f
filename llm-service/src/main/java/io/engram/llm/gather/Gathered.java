package io.engram.llm.gather;

import io.engram.llm.fusion.RankedList;
import java.util.List;

/** What one gathering round found: ranked lists to fuse, why it is degraded (if so) and per-call traces. */
public record Gathered(List<RankedList> lists, List<String> degraded, List<StageTrace> stages) {

  public Gathered {
    lists = List.copyOf(lists);
    degraded = List.copyOf(degraded);
    stages = List.copyOf(stages);
  }

  public int passageCount() {
    return lists.stream().mapToInt(l -> l.passages().size()).sum();
  }
}
