package io.engram.memory.item;

/**
 * The size of one namespace's store. Live items are valid now and not archived (abstractions and the
 * members they demote included); compression = ingested tokens / stored (live) tokens. The digest is a
 * SHA-256 over the store's content in a deterministic order, without ids, clock times or recall use counts:
 * the same events in the same order give the same digest. {@code answersWrittenBack} counts answers whose
 * knowledge was written back, {@code answersUsingMemory} those of them that used what earlier write-backs stated.
 */
public record StoreStats(long events, long liveItems, long archivedItems, long supersededItems, long abstractions,
    long demotedItems, long storedTokens, long ingestedTokens, double compressionRatio, String digest,
    long answersWrittenBack, long answersUsingMemory) {
}
