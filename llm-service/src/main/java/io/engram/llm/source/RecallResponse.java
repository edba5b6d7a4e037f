package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The memory service's recall response; {@code staleness} when it reads from a replica (source, lagMs, maxLagMs). */
public record RecallResponse(@Nullable List<MemoryItem> items, java.util.@Nullable Map<String, Object> staleness) {
}
