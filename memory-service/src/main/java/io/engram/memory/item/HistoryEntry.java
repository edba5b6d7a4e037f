package io.engram.memory.item;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * One change in an item's life: ADDED, MERGED (another event restated it), SUPERSEDES / SUPERSEDED_BY (a
 * conflicting newer value closed it), ABSTRACTED / INVALIDATED (abstractions), ARCHIVED.
 */
@Schema(description = "One change in an item's life.")
public record HistoryEntry(
    @Schema(description = "What happened: ADDED, MERGED, SUPERSEDES, SUPERSEDED_BY, ABSTRACTED, INVALIDATED or"
        + " ARCHIVED.") String action,
    @Schema(description = "The other item involved (the superseded or superseding one, the abstraction); null: none.")
    UUID otherId,
    @Schema(description = "The id of the event that caused it; null: none.") String eventId,
    @Schema(description = "When it happened (event time).") Instant at,
    @Schema(description = "When the store recorded it (system time).") Instant recordedAt,
    @Schema(description = "A note on the change; null: none.") String note) {
}
