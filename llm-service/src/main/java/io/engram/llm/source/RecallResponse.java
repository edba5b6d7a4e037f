package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The memory service's recall response. */
public record RecallResponse(@Nullable List<MemoryItem> items) {
}
