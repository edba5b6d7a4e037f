package io.engram.memory.item;

import io.swagger.v3.oas.annotations.media.Schema;
/**
 * The size of one namespace's store. Live items are valid now and not archived (abstractions and the
 * members they demote included); compression = ingested tokens / stored (live) tokens. The digest is a
 * SHA-256 over the store's content in a deterministic order, without ids, clock times or recall use counts:
 * the same events in the same order give the same digest. {@code answersWrittenBack} counts answers whose
 * knowledge was written back, {@code answersUsingMemory} those of them that used what earlier write-backs stated.
 */
@Schema(description = "The size of one namespace's store.")
public record StoreStats(
    @Schema(description = "How many events were stored.") long events,
    @Schema(description = "Items valid now and not archived (abstractions and the members they demote included).")
    long liveItems,
    @Schema(description = "Archived items.") long archivedItems,
    @Schema(description = "Items no longer valid (superseded by a newer value or closed).") long supersededItems,
    @Schema(description = "Live abstractions.") long abstractions,
    @Schema(description = "Valid items an abstraction covers.") long demotedItems,
    @Schema(description = "Tokens of the live items.") long storedTokens,
    @Schema(description = "Tokens of the events ingested.") long ingestedTokens,
    @Schema(description = "Ingested tokens / stored tokens, to 3 decimals; 0 with no live items.") double compressionRatio,
    @Schema(description = "SHA-256 over the store's content in a fixed order, without ids, clock times or use"
        + " counts: the same events in the same order give the same digest.") String digest,
    @Schema(description = "Answers whose knowledge was written back.") long answersWrittenBack,
    @Schema(description = "Of those, the answers that used what earlier write-backs stated.") long answersUsingMemory) {
}
