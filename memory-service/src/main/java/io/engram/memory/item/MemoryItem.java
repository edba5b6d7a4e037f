package io.engram.memory.item;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One stored memory item. {@code validFrom}/{@code validTo} are event time (when it held in the world),
 * {@code recordedAt} is system time (when the store learned it): together they answer both "what was true
 * then" and "what did we know then". An item is live while {@code validTo} is null and it is not archived.
 */
public record MemoryItem(UUID id, String namespace, String kind, String statement, String subjectKey,
    String subjectText, String attributeKey, String attributeText, String valueKey, String valueText, String contentKey, List<String> terms,
    Instant validFrom, Instant validTo, Instant recordedAt, UUID supersededBy, int support, int useCount,
    long lastSeq, boolean archived, boolean demoted, int tokens) {
}
