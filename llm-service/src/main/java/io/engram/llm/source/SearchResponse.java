package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The retrieval service's search response. */
public record SearchResponse(@Nullable List<SearchHit> hits, @Nullable Long tookMs) {
}
