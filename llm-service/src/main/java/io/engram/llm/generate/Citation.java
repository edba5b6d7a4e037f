package io.engram.llm.generate;

import org.jspecify.annotations.Nullable;

/**
 * A source an answer rests on: {@code marker} is the number used in the answer text ({@code [1]}),
 * {@code id} the passage's citation key, {@code kind} chunk or memory, {@code sourceId} the chunk or
 * memory item id, and {@code start}/{@code end} the quoted span's character offsets in that passage's text.
 */
public record Citation(int marker, String id, String kind, String sourceId, @Nullable String documentId,
    @Nullable String title, int start, int end, String quote) {
}
