package io.engram.memory.api;

import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.memory.item.HistoryEntry;
import io.engram.memory.stream.StreamIntake;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of the memory API (the cross-service contract: camelCase, nulls omitted). */
final class ApiModels {

  private ApiModels() {
  }

  @Schema(description = "One or a batch of events; the whole batch is validated before anything is stored.")
  record EventsRequest(
      @ArraySchema(arraySchema = @Schema(description = "The events, at least one and at most engram.memory.max-batch"
          + " (1000 by default; more: 413).", requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1)
      List<RawEvent> events) {
  }

  @Schema(name = "RejectedEvent", description = "An event that was not accepted.")
  record Rejected(@Schema(description = "The event's id.") String id,
      @Schema(description = "Why it was not accepted.") String message) {
  }

  @Schema(description = "What a write did.")
  record EventsResponse(
      @Schema(description = "How many events were new and stored.") int accepted,
      @Schema(description = "How many events had an id seen before in the namespace and changed nothing.") int duplicates,
      @Schema(description = "Events not accepted (an invalid batch is refused whole with a problem instead, so this"
          + " is empty).") List<Rejected> rejected) {
  }

  @Schema(description = "A recall: items valid at asOf, as known at knownAt.")
  record RecallRequest(
      @Schema(description = "What to recall: a question or keywords; not blank.",
          requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, example = "Where does Ana work?")
      String query,
      @Schema(description = "How many items at most.", minimum = "1", maximum = "100", defaultValue = "10")
      Integer topK,
      @Schema(description = "Event time: the items valid then; an ISO-8601 date-time with offset, or a date (midnight"
          + " UTC), between year 1000 and one day from now. Default: now.", example = "2025-06-01")
      String asOf,
      @Schema(description = "true: archived items are recalled too.", defaultValue = "false") Boolean includeArchived,
      @Schema(description = "true: each item explains its score (dense and lexical rank, fusion).",
          defaultValue = "false") Boolean explain,
      @Schema(description = "System time: what the store believed then (items recorded by then); same format as"
          + " asOf. Default: now.") String knownAt) {
  }

  @Schema(description = "Where an item came from: an event and, when the event named any, one of its sources.")
  record ProvenanceRef(@Schema(description = "The event's id as the caller gave it.") String eventId,
      @Schema(description = "One of the event's source references; null when it had none.") String sourceRef) {
  }

  @Schema(name = "MemoryItem", description = "An item recalled.")
  record Item(
      @Schema(description = "The item's id.") UUID id,
      @Schema(description = "What the item states.") String statement,
      @Schema(description = "The item's kind: fact, episode or abstraction.") String kind,
      @Schema(description = "When the statement became true (event time).") Instant validFrom,
      @Schema(description = "When it stopped being true; null: still valid.") Instant validTo,
      @Schema(description = "When the store learned it (system time).") Instant recordedAt,
      @Schema(description = "How many events stated it.") int support,
      @Schema(description = "The recall score; higher is better.") Double score,
      @Schema(description = "Whether the item is archived.") boolean archived,
      @Schema(description = "The events (and their sources) the item came from.") List<ProvenanceRef> provenance,
      @Schema(description = "Why it scored as it did; only with explain.") Map<String, Object> explanation) {
  }

  /** The items recalled; {@code staleness} with a read replica configured (where they were read, how stale). */
  @Schema(description = "The items recalled, best first.")
  record RecallResponse(@Schema(description = "The items, best first; empty for an unknown namespace.")
      List<Item> items,
      @Schema(description = "With a read replica configured: where the items were read and how stale they may be;"
          + " absent otherwise.")
      io.engram.support.tenancy.@org.jspecify.annotations.Nullable ReadStaleness staleness) {
  }

  @Schema(name = "MemoryItemDetail", description = "One item with its provenance and history.")
  record ItemDetail(
      @Schema(description = "The item's id.") UUID id,
      @Schema(description = "What the item states.") String statement,
      @Schema(description = "The item's kind: fact, episode or abstraction.") String kind,
      @Schema(description = "The subject of a fact, as stated.") String subject,
      @Schema(description = "The attribute of a fact, as stated.") String attribute,
      @Schema(description = "The value of a fact, as stated.") String value,
      @Schema(description = "When the statement became true (event time).") Instant validFrom,
      @Schema(description = "When it stopped being true; null: still valid.") Instant validTo,
      @Schema(description = "When the store learned it (system time).") Instant recordedAt,
      @Schema(description = "The item that superseded it; null: none.") UUID supersededBy,
      @Schema(description = "How many events stated it.") int support,
      @Schema(description = "Whether the item is archived (out of the live store).") boolean archived,
      @Schema(description = "Whether an abstraction covers it.") boolean demoted,
      @Schema(description = "How many tokens the item takes.") int tokens,
      @Schema(description = "The events (and their sources) the item came from.") List<ProvenanceRef> provenance,
      @Schema(description = "The item's history, oldest first.") List<HistoryEntry> history,
      @Schema(description = "An abstraction's member items; null for other kinds.") List<UUID> members) {
  }

  @Schema(description = "What a stream request did, line by line.")
  record StreamResponse(
      @Schema(description = "How many lines were new events and written.") int accepted,
      @Schema(description = "How many lines had an event id seen before in the namespace.") int duplicates,
      @Schema(description = "How many lines were filtered: dropped by the stream filter (interest profile,"
          + " near-duplicate), or stored as events with nothing in them to remember.") int filtered,
      @Schema(description = "Lines not accepted (malformed or invalid), with their line numbers.")
      List<StreamIntake.Rejection> rejected,
      @Schema(description = "The filtered lines, with the reasons.")
      List<StreamIntake.Filtered> filteredItems) {
  }
}
