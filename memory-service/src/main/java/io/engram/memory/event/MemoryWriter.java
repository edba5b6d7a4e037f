package io.engram.memory.event;

import io.engram.memory.budget.BudgetKeeper;
import io.engram.memory.MemoryProperties;
import io.engram.memory.consolidate.Consolidator;
import io.engram.memory.decide.ChatDecider;
import io.engram.memory.decide.Decider;
import io.engram.memory.decide.Decision;
import io.engram.memory.decide.Neighbours;
import io.engram.memory.extract.EventText;
import io.engram.memory.extract.Signature;
import io.engram.memory.extract.SimHash;
import io.engram.memory.extract.Speakers;
import io.engram.memory.extract.Statement;
import io.engram.memory.extract.StatementExtractor;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.ItemRepository.NewHistory;
import io.engram.memory.item.ItemRepository.NewItem;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.embed.Vectors;
import io.engram.support.tenancy.TenantTransactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The write path. Per event, before any transaction holds a connection: 0. extract candidate statements and embed
 * them (CPU work that may take seconds when the CPU is short; a transaction open meanwhile would hold one of the
 * pool's few connections). Then in one tenant transaction that holds the namespace's lock: 1. store the event unless
 * its client id was seen (idempotency); 2. take the prepared statements (prepared again, outside, if what they were
 * read against changed meanwhile); 3. find each one's neighbours (slot timeline, same content, nearest vectors);
 * 4. decide ADD / MERGE / SUPERSEDE / NOOP and apply it, keeping provenance and history. After the batch: 5. a
 * consolidation round when the namespace crossed a multiple of {@code consolidateEvery} events (its abstractions
 * written and embedded before its own transaction, {@link Consolidator#plan}); 6. the token budget.
 */
@Service
public class MemoryWriter {

  private static final int NEAREST = 8;

  private final TenantTransactions tenants;
  private final EventRepository events;
  private final ItemRepository items;
  private final StatementExtractor extractor;
  private final Vectors vectors;
  private final Decider decider;
  private final Consolidator consolidator;
  private final BudgetKeeper budget;
  private final MemoryProperties properties;

  private static final Logger log = LoggerFactory.getLogger(MemoryWriter.class);

  private final ChatDecider modelDecider;
  /** {@code engram.memory.decisions} by decision and {@code engram.memory.filtered} by reason: both closed sets. */
  private final MeterRegistry meters;
  /** A batch is observed as {@value #WRITE}, each statement's decision as {@value #DECIDE} (tag {@code decision}). */
  private final ObservationRegistry observations;
  public static final String WRITE = "engram.memory.write";
  public static final String DECIDE = "engram.memory.decide";

  public MemoryWriter(TenantTransactions tenants, EventRepository events, ItemRepository items,
      StatementExtractor extractor, Vectors vectors, Consolidator consolidator, BudgetKeeper budget,
      MemoryProperties properties, ObjectProvider<ChatDecider> modelDecider, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<ObservationRegistry> observations) {
    this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    this.modelDecider = modelDecider.getIfAvailable();
    this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
    this.tenants = tenants;
    this.events = events;
    this.items = items;
    this.extractor = extractor;
    this.vectors = vectors;
    this.decider = new Decider(properties.mergeCosine(), properties.frameCosine(), properties.changeCosine(),
        properties.subsumeCosine());
    this.consolidator = consolidator;
    this.budget = budget;
    this.properties = properties;
  }

  public WriteResult write(String tenant, String namespace, List<IncomingEvent> batch) {
    return Observation.createNotStarted(WRITE, observations).contextualName("memory write")
        .highCardinalityKeyValue("engram.events", Integer.toString(batch.size()))
        .observe(() -> writeBatch(tenant, namespace, batch));
  }

  /** How often an event is prepared again because its namespace changed under it, before it is prepared in place. */
  private static final int PREPARE_ATTEMPTS = 3;

  private WriteResult writeBatch(String tenant, String namespace, List<IncomingEvent> batch) {
    Map<String, Integer> decisions = new TreeMap<>();
    List<WriteResult.EventOutcome> outcomes = new ArrayList<>();
    int[] accepted = new int[1];
    long[] lastSeq = new long[1];
    boolean[] consolidate = new boolean[1];
    for (int i = 0; i < batch.size(); i++) {
      IncomingEvent event = batch.get(i);
      boolean last = i == batch.size() - 1;
      WriteResult.EventOutcome outcome = null;
      Prepared ready = null;
      for (int attempt = 1; outcome == null; attempt++) {
        // 0. statements and their vectors, outside any transaction (in place only after the namespace changed under
        // the preparation again and again)
        boolean inPlace = attempt > PREPARE_ATTEMPTS;
        Prepared prepared = inPlace ? null : ready != null ? ready : prepare(tenant, namespace, event);
        try {
          outcome = tenants.inTenant(tenant, () -> {
            long[] seq = new long[1];
            WriteResult.EventOutcome o = writeOne(tenant, namespace, event,
                inPlace ? prepare(tenant, namespace, event).unsealed() : prepared, inPlace, seq);
            if (o == null) {
              return null; // prepared against a namespace that changed since: prepare again
            }
            lastSeq[0] = Math.max(lastSeq[0], seq[0]);
            if (!o.duplicate()) {
              accepted[0]++;
              o.decisions().forEach(d -> decisions.merge(d, 1, Integer::sum));
            }
            if (last) {
              // in the last event's transaction (still under the namespace lock): one commit less per event
              consolidate[0] = afterBatch(tenant, namespace, accepted[0], lastSeq[0], decisions);
            }
            return o;
          });
          ready = null;
        } catch (NotPrepared e) {
          // a statement needed a vector the preparation did not foresee: the transaction rolled back; embed every
          // statement of the event, outside it, and write the event again
          prepared.embedAll();
          ready = prepared;
        }
      }
      outcomes.add(outcome);
    }
    if (consolidate[0]) {
      consolidate(tenant, namespace);
    }
    return new WriteResult(accepted[0], batch.size() - accepted[0], decisions, outcomes);
  }

  /** 6. the budget after a batch that grew the namespace; true when 5. a consolidation round is due (run after). */
  private boolean afterBatch(String tenant, String namespace, int accepted, long lastSeq, Map<String, Integer> decisions) {
    if (accepted == 0) {
      return false;
    }
    boolean grew = decisions.containsKey("ADD") || decisions.containsKey("SUPERSEDE") || decisions.containsKey("RESTORE");
    int every = properties.consolidateEvery();
    // 5. consolidation when the namespace crossed a multiple of consolidateEvery (counted in events, not time)
    boolean consolidate = every > 0 && lastSeq / every > (lastSeq - accepted) / every;
    // 6. budget: only new items (or a round's abstractions, then after the round) can push the namespace over it
    if (!consolidate && grew) {
      budget.enforce(tenant, namespace);
    }
    return consolidate;
  }

  /**
   * 5. a consolidation round, then 6. the budget: the round's abstractions are written (a model may write them) and
   * embedded between two transactions, then stored under the namespace lock, so that a round never interleaves with
   * another writer of the namespace.
   */
  private void consolidate(String tenant, String namespace) {
    Consolidator.Plan plan = consolidator.embed(tenants.inTenant(tenant, () -> consolidator.plan(tenant, namespace)));
    tenants.runInTenant(tenant, () -> {
      events.lockNamespace(tenant, namespace);
      consolidator.round(tenant, namespace, plan);
      budget.enforce(tenant, namespace);
    });
  }

  /**
   * An event made ready outside any transaction: its text, tokens and simhash, the other speaker its statements were
   * read against, its statements (embedded where the write will need it), the sentences left out; or only that its
   * client id was seen already.
   */
  private record Prepared(boolean seen, String fullText, int tokens, Long simhash, String otherSpeaker,
      List<Candidate> candidates, List<String> dropped) {

    /** Embeds every statement (after a write needed a vector that was not foreseen). Outside any transaction. */
    void embedAll() {
      for (Candidate c : candidates) {
        c.sealed = false;
        c.embed();
        c.sealed = true;
      }
    }

    /** Lets the write embed what it needs where it needs it (the last resort, in place). */
    Prepared unsealed() {
      candidates.forEach(c -> c.sealed = false);
      return this;
    }
  }

  /** Thrown (rolling the event's transaction back) when a statement needs a vector that was not prepared. */
  private static final class NotPrepared extends RuntimeException {
    NotPrepared() {
      super("a statement's vector was not prepared", null, false, false);
    }
  }

  /**
   * 0. Reads what extraction depends on (whether the event was seen, the namespace's other speaker) in a short
   * transaction, then extracts the candidate statements, and embeds those the write will likely need embedded (the
   * vector and, for a fact, its frame's): all but the restatements of a known slot value or content, which merge
   * without a vector ({@link #needsVectors}; read in a second short transaction). A write that needs a vector after
   * all rolls back and comes again with every statement embedded ({@link NotPrepared}).
   */
  private Prepared prepare(String tenant, String namespace, IncomingEvent event) {
    String fullText = fullText(event);
    record Read(boolean seen, String otherSpeaker) {
    }
    Read read = tenants.inTenant(tenant, () -> events.exists(tenant, namespace, event.clientId())
        ? new Read(true, null) : new Read(false, otherSpeaker(tenant, namespace, event)));
    if (read.seen()) {
      return new Prepared(true, fullText, 0, null, null, List.of(), List.of());
    }
    // candidate statements (noise left out, with the reason), each with the sources it was read from: an answer's
    // write-back is read as the statements that answered it, each linked to its own passage, not as a transcript
    List<Sourced> sourced = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    if (event.carriesKnowledge()) {
      for (EventValidator.ContextPassage k : event.knowledge()) {
        read(new EventText("document", k.text(), null, null, event.eventTime(), null),
            k.sourceId() == null ? List.of() : List.of(k.sourceId()), sourced, dropped);
      }
    } else {
      read(new EventText(event.kind(), event.text(), event.question(), event.answer(), event.eventTime(),
          read.otherSpeaker()), event.sources(), sourced, dropped);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Sourced x : sourced) {
      candidates.add(new Candidate(x.statement(), terms(x.statement()), event.eventTime(), x.context(), x.sources()));
    }
    List<Boolean> needed = candidates.isEmpty() ? List.of()
        : tenants.inTenant(tenant, () -> candidates.stream().map(c -> needsVectors(tenant, namespace, c)).toList());
    for (int i = 0; i < candidates.size(); i++) {
      if (needed.get(i)) {
        candidates.get(i).embed();
      }
      candidates.get(i).sealed = true;
    }
    return new Prepared(false, fullText, vectors.tokens(fullText), SimHash.of(fullText), read.otherSpeaker(),
        candidates, dropped);
  }

  /**
   * Writes one prepared event under the namespace lock; null when the preparation no longer fits the namespace (the
   * event was seen then but is not now, or the other speaker changed): the caller prepares again.
   */
  private WriteResult.EventOutcome writeOne(String tenant, String namespace, IncomingEvent event, Prepared prepared,
      boolean inPlace, long[] seqOut) {
    // 1. idempotency under the namespace lock: the same client id is stored once
    long seq = events.lockNamespace(tenant, namespace) + 1;
    if (prepared.seen()) {
      return events.exists(tenant, namespace, event.clientId()) || inPlace
          ? new WriteResult.EventOutcome(event.clientId(), true, List.of(), List.of()) : null;
    }
    // 2. the prepared statements hold if the other speaker they were read against is still the namespace's
    if (!inPlace && !java.util.Objects.equals(prepared.otherSpeaker(), otherSpeaker(tenant, namespace, event))) {
      return null;
    }
    String fullText = prepared.fullText();
    Optional<Long> stored = events.insertIfNew(tenant, namespace, seq, event, fullText, prepared.tokens(),
        prepared.simhash());
    if (stored.isEmpty()) {
      return new WriteResult.EventOutcome(event.clientId(), true, List.of(), List.of());
    }
    long eventId = stored.get();
    seqOut[0] = seq;

    List<String> dropped = prepared.dropped();
    List<String> decided = new ArrayList<>();
    List<String> counted = new ArrayList<>();
    List<UUID> touched = new ArrayList<>();
    boolean modelFailed = false;
    for (Candidate c : prepared.candidates()) {
      Statement s = c.statement;
      // 3. neighbours, 4. decision: the model's when one is configured (validated), else (or after it failed in this
      // event) the offline rules
      Decision d;
      Observation decide = Observation.createNotStarted(DECIDE, observations).contextualName("memory decide").start();
      try (Observation.Scope scope = decide.openScope()) {
        Neighbours n = neighbours(tenant, namespace, c);
        d = decider.decide(s, c.signature, c.terms, c.time, n);
        if (modelDecider != null && !modelFailed && !n.nearest().isEmpty()) {
          try {
            d = modelDecider.decide(s, c.time, n.nearest());
          } catch (ChatDecider.Refused e) {
            modelFailed = true;
            log.warn("memory model decision refused for event {} ({}); offline rules decide this event", event.clientId(),
                e.getMessage());
          }
        }
        decide.lowCardinalityKeyValue("decision", name(d));
      } catch (NotPrepared e) {
        throw e; // not an error of the decision: the write comes again with the vectors
      } catch (RuntimeException e) {
        decide.error(e);
        throw e;
      } finally {
        decide.stop();
      }
      if (d instanceof Decision.Merge m && restores(m.target())) {
        decided.add("RESTORE");
      }
      UUID id = apply(tenant, namespace, seq, eventId, event, c, d);
      decided.add(name(d));
      counted.add(name(d));
      if (id != null) {
        touched.add(id);
      }
    }
    // counted once every statement is applied: an attempt rolled back for a vector counts nothing
    counted.forEach(name -> meters.counter("engram.memory.decisions", "decision", name).increment());
    for (String reason : dropped) {
      meters.counter("engram.memory.filtered", "reason", reason.substring(0, Math.max(0, reason.indexOf(':')))).increment();
    }
    countAnswer(tenant, namespace, event);
    return new WriteResult.EventOutcome(event.clientId(), false, decided, touched, dropped);
  }

  /**
   * Whether writing {@code c} will likely need its vectors: not when it restates the value its slot holds at its time,
   * or content the namespace holds (those merge); yes otherwise (nearest neighbours, a new item, a supersession). A
   * guess over {@link #neighbours}' own look-ups: a wrong one costs a rolled-back write, never a different result.
   */
  private boolean needsVectors(String tenant, String namespace, Candidate c) {
    Statement s = c.statement;
    if (s.hasSlot()) {
      Optional<MemoryItem> then = items.validInSlotAt(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time);
      if (then.isPresent()) {
        return !java.util.Objects.equals(then.get().valueKey(), s.valueKey());
      }
      if (items.nextInSlotAfter(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time).isPresent()) {
        return true;
      }
    }
    return items.withContent(tenant, namespace, s.kind(), contentKey(s, c.terms)).isEmpty();
  }

  /** A candidate statement with the source references it was read from and the names its event is about. */
  private record Sourced(Statement statement, List<String> sources, List<String> context) {
  }

  /** Extracts one text's statements into {@code out} (with {@code sources}) and the reasons for what it left out. */
  private void read(EventText text, List<String> sources, List<Sourced> out, List<String> dropped) {
    StatementExtractor.Extraction extraction = extractor.extractWithReasons(text);
    // what the text is about (the names of its first statement) indexes every statement of it, so that "Chief executive
    // Lena Fairbanks said ..." in a story about Brightwater is found by a question about Brightwater's chief executive
    List<String> context = extraction.statements().stream().filter(s -> "fact".equals(s.kind())).findFirst()
        .map(s -> Terms.of(String.join(" ", Signature.of(s.text()).names()))).orElse(List.of());
    extraction.statements().forEach(s -> out.add(new Sourced(s, sources, context)));
    dropped.addAll(extraction.dropped());
  }

  /**
   * Counts an answer's write-back in the namespace, and whether that answer used memory that earlier answers wrote
   * back (its sources name {@code memory:<item id>} of such an item): the loop's "learned once, used later".
   */
  private void countAnswer(String tenant, String namespace, IncomingEvent event) {
    if (!event.carriesKnowledge()) {
      return;
    }
    List<UUID> used = new ArrayList<>();
    for (String source : event.sources()) {
      if (source.startsWith("memory:")) {
        try {
          used.add(UUID.fromString(source.substring("memory:".length())));
        } catch (IllegalArgumentException notAnItem) {
          // a reference of another shape names no item of ours
        }
      }
    }
    events.countAnswer(tenant, namespace, !used.isEmpty() && items.anyWrittenBack(tenant, used));
  }

  /** For a chat turn, before it is stored: the latest other speaker of the namespace (whom "you" means), or null. */
  private String otherSpeaker(String tenant, String namespace, IncomingEvent event) {
    if (!"interaction".equals(event.kind()) || event.text() == null) {
      return null;
    }
    Optional<Speakers.Turn> turn = Speakers.parse(event.text());
    if (turn.isEmpty()) {
      return null;
    }
    // as the 6 latest interaction texts once this event is stored: its own (as stored) first, then the 5 latest before
    List<String> recent = new ArrayList<>();
    recent.add(fullText(event));
    recent.addAll(events.recentInteractionTexts(tenant, namespace, 5));
    for (String text : recent) {
      Optional<Speakers.Turn> t = Speakers.parse(text);
      if (t.isPresent() && !t.get().speaker().equalsIgnoreCase(turn.get().speaker())) {
        return t.get().speaker();
      }
    }
    return null;
  }

  private final class Candidate {
    final Statement statement;
    final List<String> terms;
    final Instant time;
    final List<String> indexTerms;
    final Signature signature;
    final String model;
    final List<String> sources;
    final int tokens;
    float[] vector;
    float[] frame;
    /** Once handed to a transaction: a vector not embedded by then is not embedded there ({@link NotPrepared}). */
    boolean sealed;

    Candidate(Statement statement, List<String> terms, Instant time, List<String> context, List<String> sources) {
      this.statement = statement;
      this.sources = sources;
      this.terms = terms;
      TreeSet<String> index = new TreeSet<>(terms);
      index.addAll(context);
      this.indexTerms = List.copyOf(index);
      this.time = time;
      this.signature = Signature.of(statement.text());
      this.model = vectors.modelFor(statement.text());
      this.tokens = vectors.tokens(statement.text());
    }

    /** Embeds what the write may need: the statement, and a fact's frame (neighbours and storage compare frames). */
    void embed() {
      vector();
      if ("fact".equals(statement.kind())) {
        frame();
      }
    }

    float[] vector() {
      if (vector == null) {
        if (sealed) {
          throw new NotPrepared();
        }
        vector = vectors.embedDocument(statement.text());
      }
      return vector;
    }

    float[] frame() {
      if (frame == null) {
        if (sealed) {
          throw new NotPrepared();
        }
        frame = signature.frame().equals(statement.text()) ? vector() : vectors.embedDocument(signature.frame());
      }
      return frame;
    }
  }

  private Neighbours neighbours(String tenant, String namespace, Candidate c) {
    Statement s = c.statement;
    Optional<MemoryItem> then = Optional.empty();
    Optional<MemoryItem> after = Optional.empty();
    if (s.hasSlot()) {
      then = items.validInSlotAt(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time);
      // what comes after only matters when nothing held at that time (a late first value)
      after = then.isPresent() ? Optional.empty()
          : items.nextInSlotAfter(tenant, namespace, s.subjectKey(), s.attributeKey(), c.time);
      if (then.isPresent() || after.isPresent()) {
        return new Neighbours(then, after, Optional.empty(), List.of());
      }
    }
    Optional<MemoryItem> same = items.withContent(tenant, namespace, s.kind(), contentKey(s, c.terms));
    if (same.isPresent() || !"fact".equals(s.kind())) {
      return new Neighbours(then, after, same, List.of());
    }
    List<Neighbours.Near> near = new ArrayList<>();
    for (ItemRepository.Near n : items.near(tenant, namespace, c.model, c.vector(), c.frame(),
        List.copyOf(c.signature.nameWords()), NEAREST)) {
      near.add(new Neighbours.Near(n.item(), n.cosine(), n.frameCosine(), Signature.of(n.item().statement())));
    }
    return new Neighbours(then, after, Optional.empty(), near);
  }

  private UUID apply(String tenant, String namespace, long seq, long eventId, IncomingEvent event, Candidate c, Decision d) {
    switch (d) {
      case Decision.Merge m -> {
        MemoryItem target = m.target();
        if (restores(target)) {
          // restated knowledge is warm again
          items.setArchived(List.of(target.id()), false);
          items.addHistory(tenant, target.id(), "RESTORED", null, eventId, c.time, "restated while archived");
        }
        items.merge(tenant, target.id(), "MERGED", seq, eventId, event.clientId(), c.sources, c.time,
            note(m.reason(), c.statement));
        return target.id();
      }
      case Decision.Add a -> {
        MemoryItem closedBy = a.closedBy();
        UUID id = UUID.randomUUID();
        List<NewHistory> history = closedBy == null
            ? List.of(new NewHistory(id, "ADDED", null, c.time, a.reason()))
            : List.of(new NewHistory(id, "ADDED", null, c.time, a.reason()),
                new NewHistory(id, "SUPERSEDED_BY", closedBy.id(), closedBy.validFrom(), "arrived late"));
        insert(tenant, namespace, seq, eventId, event, c, id, closedBy == null ? null : closedBy.validFrom(),
            closedBy == null ? null : closedBy.id(), null, history);
        return id;
      }
      case Decision.Supersede s -> {
        MemoryItem older = s.older();
        UUID id = UUID.randomUUID();
        insert(tenant, namespace, seq, eventId, event, c, id, older.validTo(), older.supersededBy(), older.id(),
            List.of(new NewHistory(id, "SUPERSEDES", older.id(), c.time, s.reason()),
                new NewHistory(older.id(), "SUPERSEDED_BY", id, c.time, s.reason())));
        consolidator.invalidateAbstractionOf(tenant, older.id(), c.time, eventId);
        for (MemoryItem also : s.alsoEnds()) {
          items.close(also.id(), c.time, id);
          items.addHistory(tenant, also.id(), "SUPERSEDED_BY", id, eventId, c.time, s.reason());
          consolidator.invalidateAbstractionOf(tenant, also.id(), c.time, eventId);
        }
        return id;
      }
      case Decision.Close cl -> {
        items.close(cl.target().id(), c.time.isBefore(cl.target().validFrom()) ? cl.target().validFrom() : c.time, null);
        items.addProvenance(tenant, cl.target().id(), eventId, event.clientId(), c.sources);
        items.addHistory(tenant, cl.target().id(), "CLOSED", null, eventId, c.time, note(cl.reason(), c.statement));
        consolidator.invalidateAbstractionOf(tenant, cl.target().id(), c.time, eventId);
        return cl.target().id();
      }
      case Decision.Noop n -> {
        if (n.target() == null) {
          return null;
        }
        items.merge(tenant, n.target().id(), "NOOP", seq, eventId, event.clientId(), c.sources, c.time,
            note(n.reason(), c.statement));
        return n.target().id();
      }
    }
  }

  /** Inserts the candidate as item {@code id}, closing {@code closes} (if any) at the event time, with history. */
  private void insert(String tenant, String namespace, long seq, long eventId, IncomingEvent event, Candidate c, UUID id,
      Instant validTo, UUID supersededBy, UUID closes, List<NewHistory> history) {
    Statement s = c.statement;
    items.insertStated(tenant, new NewItem(id, namespace, s.kind(), s.text(), s.subjectKey(), s.subject(), s.attributeKey(),
        s.attribute(), s.valueKey(), s.value(), s.numbers(), s.dates(), contentKey(s, c.terms), c.vector(),
        c.model, c.indexTerms, c.time, validTo, supersededBy, seq, c.tokens, List.copyOf(c.signature.nameWords()),
        "fact".equals(s.kind()) ? c.frame() : null), eventId,
        event.clientId(), c.sources, closes, c.time, history);
  }

  /**
   * Whether restating {@code target} brings it back live: yes when the budget archived it, no when it is folded
   * under a live abstraction (that abstraction already serves its value).
   */
  private static boolean restores(MemoryItem target) {
    return target.archived() && !target.demoted();
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

  /** A merge's history note: the reason and the statement that was merged, quoted. */
  private static String note(String reason, Statement s) {
    return reason + ": \"" + s.text() + "\"";
  }

  private static String name(Decision d) {
    return switch (d) {
      case Decision.Add a -> "ADD";
      case Decision.Merge m -> "MERGE";
      case Decision.Supersede s -> "SUPERSEDE";
      case Decision.Noop n -> "NOOP";
      case Decision.Close cl -> "DELETE";
    };
  }
}
