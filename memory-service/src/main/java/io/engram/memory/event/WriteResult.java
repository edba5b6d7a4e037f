package io.engram.memory.event;

import java.util.List;
import java.util.Map;

/**
 * What a batch did: events accepted (new) and duplicates (client id seen before), the decisions taken per
 * kind (ADD, MERGE, SUPERSEDE, NOOP) and, per accepted event, how many new items it opened.
 */
public record WriteResult(int accepted, int duplicates, Map<String, Integer> decisions, List<EventOutcome> outcomes) {

  /** One event's effect: its client id, whether it was new, and the decisions its statements got. */
  public record EventOutcome(String clientId, boolean duplicate, List<String> decisions, List<java.util.UUID> itemIds) {
  }
}
