package io.engram.memory.api;

import io.engram.memory.api.ApiModels.EventsRequest;
import io.engram.memory.api.ApiModels.EventsResponse;
import io.engram.memory.api.ApiModels.Item;
import io.engram.memory.api.ApiModels.ItemDetail;
import io.engram.memory.api.ApiModels.ProvenanceRef;
import io.engram.memory.api.ApiModels.RecallRequest;
import io.engram.memory.api.ApiModels.RecallResponse;
import io.engram.memory.api.ApiModels.StreamResponse;
import io.engram.memory.MemoryProperties;
import io.engram.memory.event.EventRepository;
import io.engram.memory.event.EventValidator;
import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.event.WriteResult;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.item.Provenance;
import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StoreStats;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.recall.RecalledItem;
import io.engram.memory.stream.StreamIntake;
import io.engram.memory.stream.StreamProperties;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The memory API: write events and stream items, recall, read one item with its history, read stats. */
@RestController
@RequestMapping("/v1/memory/{namespace}")
@Tag(name = "memory", description = "The compressed, temporal knowledge store")
class MemoryController {

  private final MemoryWriter writer;
  private final MemoryRecaller recaller;
  private final ItemRepository items;
  private final EventRepository events;
  private final StatsRepository stats;
  private final StreamIntake stream;
  private final EventValidator validator;
  private final TenantTransactions tenants;
  private final JsonMapper json;
  private final Clock clock;
  private final MemoryProperties properties;
  private final StreamProperties streamProperties;

  MemoryController(MemoryWriter writer, MemoryRecaller recaller, ItemRepository items, EventRepository events,
      StatsRepository stats, StreamIntake stream, EventValidator validator, TenantTransactions tenants, JsonMapper json,
      Clock clock, MemoryProperties properties, StreamProperties streamProperties) {
    this.writer = writer;
    this.recaller = recaller;
    this.items = items;
    this.events = events;
    this.stats = stats;
    this.stream = stream;
    this.validator = validator;
    this.tenants = tenants;
    this.json = json;
    this.clock = clock;
    this.properties = properties;
    this.streamProperties = streamProperties;
  }

  @PostMapping("/events")
  @Operation(operationId = "writeMemoryEvents", summary = "Write one or a batch of events",
      description = "Idempotent by event id within the namespace: an id seen before counts as a duplicate and changes "
          + "nothing. The whole batch is validated before anything is stored. 202 when something new was accepted.")
  ResponseEntity<EventsResponse> events(InternalIdentity identity, @PathVariable String namespace,
      @RequestBody EventsRequest request) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    EventValidator.namespace(namespace);
    if (request == null || request.events() == null || request.events().isEmpty()) {
      throw ProblemException.badRequest("no-events", "The request needs a non-empty 'events' list.");
    }
    if (request.events().size() > properties.maxBatch()) {
      throw new ProblemException(HttpStatus.valueOf(413), "too-many-events", "Content too large",
          request.events().size() + " events in one request; the limit is " + properties.maxBatch() + ".");
    }
    Instant now = clock.instant();
    List<IncomingEvent> batch = new ArrayList<>();
    for (RawEvent raw : request.events()) {
      batch.add(validator.validate(raw, now, json.writeValueAsString(raw)));
    }
    WriteResult result = writer.write(identity.tenantId(), namespace, batch);
    return ResponseEntity.status(result.accepted() > 0 ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(new EventsResponse(result.accepted(), result.duplicates(), List.of()));
  }

  @PostMapping(path = "/stream", consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
  @Operation(operationId = "streamMemoryEvents", summary = "Write stream items as NDJSON (one event a line)",
      description = "Each line goes through the stream filter (interest profile, near-duplicate suppression) and the "
          + "write path. A malformed or invalid line is rejected and reported with its line number; the rest are accepted.")
  StreamResponse stream(InternalIdentity identity, @PathVariable String namespace, @RequestBody(required = false) String body) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    EventValidator.namespace(namespace);
    List<String> lines = body == null ? List.of() : body.lines().toList();
    if (lines.size() > streamProperties.maxLines()) {
      throw new ProblemException(HttpStatus.valueOf(413), "too-many-lines", "Content too large",
          lines.size() + " lines in one request; the limit is " + streamProperties.maxLines() + ".");
    }
    StreamIntake.Outcome o = stream.ingest(identity.tenantId(), namespace, lines);
    return new StreamResponse(o.accepted(), o.duplicates(), o.filtered(), o.rejected(), o.filteredItems());
  }

  @PostMapping("/recall")
  @Operation(operationId = "recallMemory", summary = "Recall items valid at asOf (default: now), as known at knownAt",
      description = "Hybrid vector + lexical recall over live items; asOf (event time) gives what was valid then, knownAt "
          + "(system time) what the store believed then; both ISO-8601. An unknown namespace gives an empty list.")
  RecallResponse recall(InternalIdentity identity, @PathVariable String namespace, @RequestBody RecallRequest request) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    EventValidator.namespace(namespace);
    if (request == null || request.query() == null || request.query().isBlank()) {
      throw ProblemException.badRequest("invalid-query", "The request needs a non-empty 'query'.");
    }
    int topK = request.topK() == null ? 10 : request.topK();
    if (topK < 1 || topK > RecallQuery.MAX_TOP_K) {
      throw ProblemException.badRequest("invalid-top-k", "topK " + topK + " must be in [1, " + RecallQuery.MAX_TOP_K + "].");
    }
    Instant asOf = request.asOf() == null ? null : EventValidator.asOf(request.asOf(), clock.instant());
    Instant knownAt = request.knownAt() == null ? null : EventValidator.parseTime("knownAt", request.knownAt(), clock.instant());
    RecallQuery q = new RecallQuery(request.query(), topK, asOf, Boolean.TRUE.equals(request.includeArchived()),
        Boolean.TRUE.equals(request.explain()), knownAt);
    String tenant = identity.tenantId();
    // the query is embedded before any transaction: no connection is held while the CPU works
    MemoryRecaller.Prepared prepared = recaller.prepare(q);
    List<RecalledItem> recalled;
    io.engram.support.tenancy.ReadStaleness staleness = null;
    if (!tenants.replicaConfigured()) {
      recalled = tenants.inTenant(tenant, () -> events.namespaceExists(tenant, namespace)
          ? recaller.recall(tenant, namespace, prepared) : List.<RecalledItem>of());
    } else {
      // read from the replica (at most its max lag behind)
      io.engram.support.tenancy.TenantTransactions.Read<List<RecalledItem>> read = tenants.readInTenant(tenant,
          () -> events.namespaceExists(tenant, namespace) ? recaller.recall(tenant, namespace, prepared)
              : List.<RecalledItem>of());
      recalled = read.value();
      staleness = io.engram.support.tenancy.ReadStaleness.of(tenants, List.of(read));
    }
    // the use counts (heat) in a short transaction of their own on the primary, after the read: never fails the recall
    recaller.countUses(tenant, recalled.stream().map(r -> r.item().id()).toList());
    return new RecallResponse(recalled.stream().map(r -> item(r.item(), r.score(), r.provenance(), r.explanation())).toList(),
        staleness);
  }

  @GetMapping("/items")
  @Operation(operationId = "listMemoryItems", summary = "A namespace's items, page by page, oldest first",
      description = "Live items by default; includeHistory=true adds superseded, closed, archived and folded ones. Pages "
          + "of at most 500 (default 100); pass 'next' as 'offset' for the next page.")
  ItemPage items(InternalIdentity identity, @PathVariable String namespace,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean includeHistory,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") long offset,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    EventValidator.namespace(namespace);
    if (limit < 1 || limit > 500 || offset < 0) {
      throw ProblemException.badRequest("invalid-page", "limit must be in [1, 500] and offset at least 0.");
    }
    String tenant = identity.tenantId();
    List<MemoryItem> page = tenants.inTenant(tenant, () -> items.page(tenant, namespace, includeHistory, offset, limit));
    List<ItemPage.Entry> entries = page.stream().map(i -> new ItemPage.Entry(i.id(), i.statement(), i.kind(), i.validFrom(),
        i.validTo(), i.recordedAt(), i.supersededBy(), i.support(), i.archived(), i.demoted())).toList();
    return new ItemPage(entries, page.size() == limit ? offset + limit : null);
  }

  /** A page of items; {@code next} is the {@code offset} of the next page, absent on the last one. */
  @Schema(name = "MemoryItemPage", description = "A page of a namespace's items, oldest first.")
  record ItemPage(@Schema(description = "The page's items.") List<Entry> items,
      @Schema(description = "The offset of the next page; absent on the last one.") Long next) {
    @Schema(name = "MemoryItemSummary", description = "An item as listed.")
    record Entry(
        @Schema(description = "The item's id.") UUID id,
        @Schema(description = "What the item states.") String statement,
        @Schema(description = "The item's kind: fact, episode or abstraction.") String kind,
        @Schema(description = "When the statement became true (event time).") Instant validFrom,
        @Schema(description = "When it stopped being true; null: still valid.") Instant validTo,
        @Schema(description = "When the store learned it (system time).") Instant recordedAt,
        @Schema(description = "The item that superseded it; null: none.") UUID supersededBy,
        @Schema(description = "How many events stated it.") int support,
        @Schema(description = "Whether the item is archived (out of the live store).") boolean archived,
        @Schema(description = "Whether an abstraction covers it.") boolean demoted) {
    }
  }

  @GetMapping("/items/{id}")
  @Operation(operationId = "getMemoryItem", summary = "One item with its provenance and history (what it superseded, merged, was superseded by)")
  ItemDetail item(InternalIdentity identity, @PathVariable String namespace, @PathVariable String id) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    EventValidator.namespace(namespace);
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("item-not-found", "No item '" + id + "' in namespace '" + namespace + "'.");
    }
    String tenant = identity.tenantId();
    return tenants.inTenant(tenant, () -> {
      MemoryItem i = items.find(tenant, namespace, uuid).orElseThrow(() ->
          ProblemException.notFound("item-not-found", "No item '" + id + "' in namespace '" + namespace + "'."));
      List<Provenance> provenance = items.provenance(tenant, List.of(uuid)).getOrDefault(uuid, List.of());
      UUID supersededBy = items.findAll(tenant, List.of(uuid)).getFirst().supersededBy();
      return new ItemDetail(i.id(), i.statement(), i.kind(), i.subjectText(), i.attributeText(), i.valueText(), i.validFrom(),
          i.validTo(), i.recordedAt(), supersededBy, i.support(), i.archived(), i.demoted(), i.tokens(), refs(provenance),
          items.history(tenant, uuid), "abstraction".equals(i.kind()) ? items.members(tenant, uuid) : null);
    });
  }

  @GetMapping("/stats")
  @Operation(operationId = "getMemoryStats", summary = "Live and archived items, stored and ingested tokens, compression ratio and the store's digest")
  StoreStats stats(InternalIdentity identity, @PathVariable String namespace) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    EventValidator.namespace(namespace);
    String tenant = identity.tenantId();
    return tenants.inTenant(tenant, () -> stats.stats(tenant, namespace));
  }

  private static Item item(MemoryItem i, Double score, List<Provenance> provenance, Map<String, Object> explanation) {
    return new Item(i.id(), i.statement(), i.kind(), i.validFrom(), i.validTo(), i.recordedAt(), i.support(), score,
        i.archived(), refs(provenance), explanation);
  }

  static List<ProvenanceRef> refs(List<Provenance> provenance) {
    List<ProvenanceRef> refs = new ArrayList<>();
    for (Provenance p : provenance) {
      if (p.sourceRefs().isEmpty()) {
        refs.add(new ProvenanceRef(p.eventId(), null));
      } else {
        p.sourceRefs().forEach(s -> refs.add(new ProvenanceRef(p.eventId(), s)));
      }
    }
    return refs;
  }
}
