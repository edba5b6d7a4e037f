package io.engram.memory.event;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a batch did: events accepted (new) and duplicates (client id seen before), the decisions taken per
 * kind (ADD, MERGE, SUPERSEDE, NOOP) and, per event, its decisions, the items it touched and the sentences left
 * out as noise with the reason.
 */
public record WriteResult(int accepted, int duplicates, Map<String, Integer> decisions, List<EventOutcome> outcomes) {

  /** One event's effect: its client id, whether it was a replay, its decisions, items and left-out sentences. */
  public record EventOutcome(String clientId, boolean duplicate, List<String> decisions, List<UUID> itemIds,
      List<String> filtered) {

    public EventOutcome(String clientId, boolean duplicate, List<String> decisions, List<UUID> itemIds) {
      this(clientId, duplicate, decisions, itemIds, List.of());
    }
  }
}
