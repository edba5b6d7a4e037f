package io.engram.memory.event;

import io.engram.memory.budget.BudgetKeeper;
import io.engram.memory.config.MemoryProperties;
import io.engram.memory.consolidate.Consolidator;
import io.engram.memory.decide.Decider;
import io.engram.memory.decide.Decision;
import io.engram.memory.decide.Neighbours;
import io.engram.memory.extract.EventText;
import io.engram.memory.extract.SimHash;
import io.engram.memory.extract.Statement;
import io.engram.memory.extract.StatementExtractor;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.ItemRepository.NewItem;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.recall.Vectors;
import io.engram.support.tenancy.TenantTransactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The write path. Per event, in one tenant transaction that holds the namespace's lock: 1. store the event
 * unless its client id was seen (idempotency); 2. extract candidate statements; 3. find each one's
 * neighbours (slot timeline, same content, nearest vectors); 4. decide ADD / MERGE / SUPERSEDE / NOOP and
 * apply it, keeping provenance and history. After the batch: 5. a consolidation round when the namespace
 * crossed a multiple of {@code consolidateEvery} events; 6. the token budget.
 */
@Service
public class MemoryWriter {

  private static final int NEAREST = 5;

  private final TenantTransactions tenants;
  private final EventRepository events;
  private final ItemRepository items;
  private final StatementExtractor extractor;
  private final Vectors vectors;
  private final Decider decider;
  private final Consolidator consolidator;
  private final BudgetKeeper budget;
  private final MemoryProperties properties;

  public MemoryWriter(TenantTransactions tenants, EventRepository events, ItemRepository items,
      StatementExtractor extractor, Vectors vectors, Consolidator consolidator, BudgetKeeper budget,
      MemoryProperties properties) {
    this.tenants = tenants;
    this.events = events;
    this.items = items;
    this.extractor = extractor;
    this.vectors = vectors;
    this.decider = new Decider(properties.mergeCosine(), properties.mergeOverlap());
    this.consolidator = consolidator;
    this.budget = budget;
    this.properties = properties;
  }

  public WriteResult write(String tenant, String namespace, List<IncomingEvent> batch) {
    int accepted = 0;
    int duplicates = 0;
    Map<String, Integer> decisions = new TreeMap<>();
    List<WriteResult.EventOutcome> outcomes = new ArrayList<>();
    long lastSeq = 0;
    for (IncomingEvent event : batch) {
      long[] seq = new long[1];
      WriteResult.EventOutcome outcome = tenants.inTenant(tenant, () -> writeOne(tenant, namespace, event, seq));
      lastSeq = Math.max(lastSeq, seq[0]);
      outcomes.add(outcome);
      if (outcome.duplicate()) {
        duplicates++;
        continue;
      }
      accepted++;
      outcome.decisions().forEach(d -> decisions.merge(d, 1, Integer::sum));
    }
    boolean grew = decisions.containsKey("ADD") || decisions.containsKey("SUPERSEDE") || decisions.containsKey("RESTORE");
    if (accepted > 0) {
      int newEvents = accepted;
      long count = lastSeq;
      int every = properties.consolidateEvery();
      boolean consolidate = every > 0 && count / every > (count - newEvents) / every;
      if (consolidate || grew) {
        tenants.runInTenant(tenant, () -> {
          // 5. consolidation when the namespace crossed a multiple of consolidateEvery (counted in events, not time)
          if (consolidate) {
            consolidator.round(tenant, namespace);
          }
          // 6. budget: only new items (or a round's abstractions) can push the namespace over it
          budget.enforce(tenant, namespace);
        });
      }
    }
    return new WriteResult(accepted, duplicates, decisions, outcomes);
  }

  private WriteResult.EventOutcome writeOne(String tenant, String namespace, IncomingEvent event, long[] seqOut) {
    // 1. idempotency under the namespace lock: the same client id is stored once
    long count = events.lockNamespace(tenant, namespace);
    if (events.exists(tenant, namespace, event.clientId())) {
      return new WriteResult.EventOutcome(event.clientId(), true, List.of(), List.of());
    }
    long seq = count + 1;
    seqOut[0] = seq;
    String fullText = fullText(event);
    long eventId = events.insert(tenant, namespace, seq, event, fullText, vectors.tokens(fullText), SimHash.of(fullText));

    // 2. candidate statements
    List<Statement> statements = extractor.extract(new EventText(event.kind(), event.text(), event.question(),
        event.answer()));
    List<String> decided = new ArrayList<>();
    List<UUID> touched = new ArrayList<>();
    for (Statement s : statements) {
      // 3. neighbours, 4. decision
      Candidate c = new Candidate(s, terms(s), event.eventTime());
      Neighbours n = neighbours(tenant, namespace, c);
      Decision d = decider.decide(s, c.terms, s.numbers(), c.time, n);
      if (d instanceof Decision.Merge m && m.target().archived()) {
        decided.add("RESTORE");
      }
      UUID id = apply(tenant, namespace, seq, eventId, event, c, d);
      decided.add(name(d));
      if (id != null) {
        touched.add(id);
      }
    }
    return new WriteResult.EventOutcome(event.clientId(), false, decided, touched);
  }

  private final class Candidate {
    final Statement statement;
    final List<String> terms;
    final Instant time;
    float[] vector;

    Candidate(Statement statement, List<String> terms, Instant time) {
      this.statement = statement;
      this.terms = terms;
      this.time = time;
    }

    float[] vector() {
      if (vector == null) {
        vector = vectors.embedDocument(statement.text());
      }
      return vector;
    }
  }

  private Neighbours neighbours(String tenant, String namespace, Candidate c) {
    Statement s = c.statement;
    if (s.hasSlot()) {
      Optional<MemoryItem> then = items.validInSlotAt(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time);
      // what comes after only matters when nothing held at that time (a late first value)
      Optional<MemoryItem> after = then.isPresent() ? Optional.empty()
          : items.nextInSlotAfter(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time);
      return new Neighbours(then, after, Optional.empty(), List.of());
    }
    Optional<MemoryItem> same = items.openWithContent(tenant, namespace, s.kind(), contentKey(s, c.terms));
    if (same.isPresent()) {
      return new Neighbours(Optional.empty(), Optional.empty(), same, List.of());
    }
    return new Neighbours(Optional.empty(), Optional.empty(), Optional.empty(),
        items.nearest(tenant, namespace, s.kind(), c.vector(), NEAREST));
  }

  private UUID apply(String tenant, String namespace, long seq, long eventId, IncomingEvent event, Candidate c, Decision d) {
    switch (d) {
      case Decision.Merge m -> {
        MemoryItem target = m.target();
        items.merge(target.id(), seq);
        items.addProvenance(tenant, target.id(), eventId, event.clientId(), event.sources());
        if (target.archived()) {
          // restated knowledge is warm again
          items.setArchived(List.of(target.id()), false);
          items.addHistory(tenant, target.id(), "RESTORED", null, eventId, c.time, "restated while archived");
        }
        items.addHistory(tenant, target.id(), "MERGED", null, eventId, c.time, m.reason());
        return target.id();
      }
      case Decision.Add a -> {
        MemoryItem closedBy = a.closedBy();
        UUID id = insert(tenant, namespace, seq, eventId, event, c, closedBy == null ? null : closedBy.validFrom(),
            closedBy == null ? null : closedBy.id());
        items.addHistory(tenant, id, "ADDED", null, eventId, c.time, a.reason());
        if (closedBy != null) {
          items.addHistory(tenant, id, "SUPERSEDED_BY", closedBy.id(), eventId, closedBy.validFrom(), "arrived late");
        }
        return id;
      }
      case Decision.Supersede s -> {
        MemoryItem older = s.older();
        UUID id = insert(tenant, namespace, seq, eventId, event, c, older.validTo(), older.supersededBy());
        items.close(older.id(), c.time, id);
        items.addHistory(tenant, id, "SUPERSEDES", older.id(), eventId, c.time, s.reason());
        items.addHistory(tenant, older.id(), "SUPERSEDED_BY", id, eventId, c.time, s.reason());
        consolidator.invalidateAbstractionOf(tenant, older.id(), c.time, eventId);
        return id;
      }
      case Decision.Noop ignored -> {
        return null;
      }
    }
  }

  private UUID insert(String tenant, String namespace, long seq, long eventId, IncomingEvent event, Candidate c,
      Instant validTo, UUID supersededBy) {
    Statement s = c.statement;
    UUID id = UUID.randomUUID();
    items.insert(tenant, new NewItem(id, namespace, s.kind(), s.text(), s.subjectKey(), s.subject(), s.attributeKey(),
        s.attribute(), s.valueKey(), s.value(), s.numbers(), s.dates(), contentKey(s, c.terms), c.vector(),
        vectors.modelName(), c.terms, c.time, validTo, supersededBy, seq, vectors.tokens(s.text())));
    items.addProvenance(tenant, id, eventId, event.clientId(), event.sources());
    return id;
  }

  /** Index terms of a statement: its own, plus its canonical attribute, so that questions in other words find it. */
  static List<String> terms(Statement s) {
    TreeSet<String> terms = new TreeSet<>(Terms.of(s.text()));
    if (s.hasSlot()) {
      terms.addAll(Terms.of(s.attributeKey()));
    }
    return List.copyOf(terms);
  }

  static String contentKey(Statement s, List<String> terms) {
    if (s.hasSlot()) {
      return s.subjectKey() + "|" + s.attributeKey() + "|" + s.valueKey();
    }
    return String.join(" ", terms);
  }

  /** All text of an event: question, answer and text, as stored and counted. */
  public static String textOf(IncomingEvent e) {
    return fullText(e);
  }

  static String fullText(IncomingEvent e) {
    StringBuilder b = new StringBuilder();
    if (e.question() != null && !e.question().isBlank()) {
      b.append(e.question().strip()).append('\n');
    }
    if (e.answer() != null && !e.answer().isBlank()) {
      b.append(e.answer().strip()).append('\n');
    }
    if (e.text() != null && !e.text().isBlank()) {
      b.append(e.text().strip());
    }
    return b.toString().strip();
  }

  private static String name(Decision d) {
    return switch (d) {
      case Decision.Add a -> "ADD";
      case Decision.Merge m -> "MERGE";
      case Decision.Supersede s -> "SUPERSEDE";
      case Decision.Noop n -> "NOOP";
    };
  }
}
