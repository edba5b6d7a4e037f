package io.engram.llm.fusion;

import java.util.List;

/**
 * The context that goes to the generator: {@code ranked} best first (what citations number),
 * {@code forModel} the same passages in "lost in the middle" order, the tokens they take, and what was
 * dropped on the way (near-duplicates folded, passages that did not fit the budget).
 */
public record PackedContext(List<Passage> ranked, List<Passage> forModel, int tokens, int budget, int duplicatesFolded,
    int droppedForBudget) {

  public PackedContext {
    ranked = List.copyOf(ranked);
    forModel = List.copyOf(forModel);
  }

  public boolean isEmpty() {
    return ranked.isEmpty();
  }

  public static PackedContext empty(int budget) {
    return new PackedContext(List.of(), List.of(), 0, budget, 0, 0);
  }
}
