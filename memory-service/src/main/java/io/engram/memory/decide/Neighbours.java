package io.engram.memory.decide;

import io.engram.memory.extract.Signature;
import io.engram.memory.item.MemoryItem;
import java.util.List;
import java.util.Optional;

/**
 * What the store already holds near a statement: for a slot statement, the item valid in its slot at the
 * statement's event time and the next one after it (for late arrivals); for any statement, an item with the same
 * content key, and the nearest items by meaning (open and closed, so that a late report of an outdated fact finds
 * the item it restates) with their cosine, frame cosine and signature.
 */
public record Neighbours(Optional<MemoryItem> slotAtTime, Optional<MemoryItem> slotAfter,
    Optional<MemoryItem> sameContent, List<Near> nearest) {

  /**
   * One near item: cosine of the two statements' vectors, cosine of their frames (names, figures and times masked)
   * and the item's signature.
   */
  public record Near(MemoryItem item, double cosine, double frameCosine, Signature signature) {
  }
}
