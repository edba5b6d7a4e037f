package io.engram.memory.api;

import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.memory.item.HistoryEntry;
import io.engram.memory.stream.StreamIntake;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of the memory API (the cross-service contract: camelCase, nulls omitted). */
final class ApiModels {

  private ApiModels() {
  }

  record EventsRequest(List<RawEvent> events) {
  }

  @io.swagger.v3.oas.annotations.media.Schema(name = "RejectedEvent")
  record Rejected(String id, String message) {
  }

  record EventsResponse(int accepted, int duplicates, List<Rejected> rejected) {
  }

  record RecallRequest(String query, Integer topK, String asOf, Boolean includeArchived, Boolean explain, String knownAt) {
  }

  record ProvenanceRef(String eventId, String sourceRef) {
  }

  @io.swagger.v3.oas.annotations.media.Schema(name = "MemoryItem")
  record Item(UUID id, String statement, String kind, Instant validFrom, Instant validTo, Instant recordedAt, int support,
      Double score, boolean archived, List<ProvenanceRef> provenance, Map<String, Object> explanation) {
  }

  /** The items recalled; {@code staleness} with a read replica configured (where they were read, how stale). */
  record RecallResponse(List<Item> items, io.engram.support.tenancy.@org.jspecify.annotations.Nullable ReadStaleness staleness) {
  }

  @io.swagger.v3.oas.annotations.media.Schema(name = "MemoryItemDetail")
  record ItemDetail(UUID id, String statement, String kind, String subject, String attribute, String value,
      Instant validFrom, Instant validTo, Instant recordedAt, UUID supersededBy, int support, boolean archived,
      boolean demoted, int tokens, List<ProvenanceRef> provenance, List<HistoryEntry> history, List<UUID> members) {
  }

  record StreamResponse(int accepted, int duplicates, int filtered, List<StreamIntake.Rejection> rejected,
      List<StreamIntake.Filtered> filteredItems) {
  }
}
