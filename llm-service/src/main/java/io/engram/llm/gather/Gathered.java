package io.engram.llm.gather;

import io.engram.llm.fusion.RankedList;
import io.engram.llm.source.MemoryItem;
import java.util.List;

/**
 * What one gathering round found: ranked lists to fuse, why it is degraded (if so), per-call traces and the memory
 * items recalled (with their provenance, which the lists' passages do not carry).
 */
public record Gathered(List<RankedList> lists, List<String> degraded, List<StageTrace> stages, List<MemoryItem> recalled) {

  public Gathered {
    lists = List.copyOf(lists);
    degraded = List.copyOf(degraded);
    stages = List.copyOf(stages);
    recalled = List.copyOf(recalled);
  }

  public Gathered(List<RankedList> lists, List<String> degraded, List<StageTrace> stages) {
    this(lists, degraded, stages, List.of());
  }

  public int passageCount() {
    return lists.stream().mapToInt(l -> l.passages().size()).sum();
  }
}
