package io.engram.llm.fusion;

import java.util.List;

/** One source's answer to one query, best first: the unit that fusion combines. */
public record RankedList(String source, String query, List<Passage> passages, double weight) {

  public RankedList {
    passages = List.copyOf(passages);
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("illegal weight: " + weight + ", must be a positive finite value");
    }
  }

  public RankedList(String source, String query, List<Passage> passages) {
    this(source, query, passages, 1.0);
  }
}
