package io.engram.memory.recall;

import io.engram.memory.item.MemoryItem;
import io.engram.memory.item.Provenance;
import java.util.List;
import java.util.Map;

/** One recalled item with its fused score, provenance and (on request) the explanation of its score. */
public record RecalledItem(MemoryItem item, double score, List<Provenance> provenance, Map<String, Object> explanation) {
}
