package io.engram.memory.item;

import java.time.Instant;
import java.util.UUID;

/**
 * One change in an item's life: ADDED, MERGED (another event restated it), SUPERSEDES / SUPERSEDED_BY (a
 * conflicting newer value closed it), ABSTRACTED / INVALIDATED (abstractions), ARCHIVED.
 */
public record HistoryEntry(String action, UUID otherId, String eventId, Instant at, Instant recordedAt, String note) {
}
