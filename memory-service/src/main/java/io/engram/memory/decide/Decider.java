package io.engram.memory.decide;

import io.engram.memory.extract.Statement;
import io.engram.memory.item.ItemRepository.Scored;
import io.engram.memory.item.MemoryItem;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The decision rules, without an LLM: conflicts are found by slot (same subject key and attribute key) and a
 * different normalized value; duplicates by equal slot value, equal content key, or a near vector that also
 * shares numbers and most content terms (a near vector alone would merge "budget 4 million" with "budget 5
 * million"). Pure: the same statement and neighbours give the same decision.
 */
public final class Decider {

  private final double mergeCosine;
  private final double mergeOverlap;

  public Decider(double mergeCosine, double mergeOverlap) {
    this.mergeCosine = mergeCosine;
    this.mergeOverlap = mergeOverlap;
  }

  public Decision decide(Statement s, List<String> terms, List<Double> numbers, Instant eventTime, Neighbours n) {
    if (s.hasSlot()) {
      return decideSlot(s, eventTime, n);
    }
    if (n.sameContent().isPresent()) {
      return new Decision.Merge(n.sameContent().get(), "same content terms");
    }
    for (Scored near : n.nearest()) {
      if (near.cosine() >= mergeCosine && near.item().attributeKey() == null
          && jaccard(terms, near.item().terms()) >= mergeOverlap && numbersOf(near.item()).equals(Set.copyOf(numbers))) {
        return new Decision.Merge(near.item(), "near duplicate: cosine %.3f".formatted(near.cosine()));
      }
    }
    return new Decision.Add(null, "new statement");
  }

  /**
   * Places the statement on its slot's timeline: the item valid at the statement's event time either has the
   * same value (merge) or is superseded from that time on; a statement older than everything in the slot is
   * added as history, closed where the next known value begins.
   */
  private Decision decideSlot(Statement s, Instant eventTime, Neighbours n) {
    if (n.slotAtTime().isPresent()) {
      MemoryItem then = n.slotAtTime().get();
      if (then.valueKey().equals(s.valueKey())) {
        return new Decision.Merge(then, "same value in slot " + s.subjectKey() + " / " + s.attributeKey());
      }
      return new Decision.Supersede(then, "value changed: " + then.valueKey() + " -> " + s.valueKey());
    }
    if (n.slotAfter().isPresent()) {
      MemoryItem after = n.slotAfter().get();
      if (after.valueKey().equals(s.valueKey())) {
        return new Decision.Merge(after, "same value, stated earlier");
      }
      return new Decision.Add(after, "late value, closed where a newer one begins");
    }
    return new Decision.Add(null, "new slot " + s.subjectKey() + " / " + s.attributeKey());
  }

  static double jaccard(List<String> a, List<String> b) {
    Set<String> sa = new HashSet<>(a);
    Set<String> sb = new HashSet<>(b);
    if (sa.isEmpty() && sb.isEmpty()) {
      return 1;
    }
    Set<String> union = new HashSet<>(sa);
    union.addAll(sb);
    sa.retainAll(sb);
    return (double) sa.size() / union.size();
  }

  private static Set<Double> numbersOf(MemoryItem item) {
    return Set.copyOf(io.engram.memory.extract.Values.numbers(item.statement()));
  }
}
