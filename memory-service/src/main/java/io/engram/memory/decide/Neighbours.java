package io.engram.memory.decide;

import io.engram.memory.item.ItemRepository.Scored;
import io.engram.memory.item.MemoryItem;
import java.util.List;
import java.util.Optional;

/**
 * What the store already holds near a statement: the item valid in its slot at the statement's event time
 * and the next one after it (for late arrivals), an open item with the same content
 * key, and the nearest open items by vector.
 */
public record Neighbours(Optional<MemoryItem> slotAtTime, Optional<MemoryItem> slotAfter,
    Optional<MemoryItem> sameContent, List<Scored> nearest) {
}
