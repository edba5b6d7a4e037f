package io.engram.memory.item;

import java.util.List;

/** Where an item came from: the client id of one event and the source references that event named. */
public record Provenance(String eventId, List<String> sourceRefs) {
}
