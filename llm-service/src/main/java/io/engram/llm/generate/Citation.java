package io.engram.llm.generate;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A source an answer rests on: {@code marker} is the number used in the answer text ({@code [1]}),
 * {@code id} the passage's citation key, {@code kind} chunk or memory, {@code sourceId} the chunk or
 * memory item id, and {@code start}/{@code end} the quoted span's character offsets in that passage's text.
 */
@Schema(description = "A source an answer rests on.")
public record Citation(
    @Schema(description = "The number used in the answer text ([1]).") int marker,
    @Schema(description = "The passage's citation key (chunk:<id> or memory:<id>).") String id,
    @Schema(description = "chunk or memory.") String kind,
    @Schema(description = "The chunk or memory item id.") String sourceId,
    @Schema(description = "A chunk's document id.") @Nullable String documentId,
    @Schema(description = "A chunk's document title.") @Nullable String title,
    @Schema(description = "Start of the quoted span: a character offset in the passage's text.") int start,
    @Schema(description = "End of the quoted span: a character offset in the passage's text.") int end,
    @Schema(description = "The quoted span.") String quote) {
}
