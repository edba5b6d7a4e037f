package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The retrieval service's search response; {@code staleness} when it reads from a replica (source, lagMs, maxLagMs).
 */
public record SearchResponse(@Nullable List<SearchHit> hits, @Nullable Long tookMs,
    java.util.@Nullable Map<String, Object> staleness) {
}
