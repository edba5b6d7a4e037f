package io.engram.llm.source;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One hit of the retrieval service's search response, as its contract names it. */
public record SearchHit(String chunkId, String documentId, String text, @Nullable String title,
    @Nullable Map<String, Object> metadata, double score) {
}
