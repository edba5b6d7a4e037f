package io.engram.memory.consolidate;

import io.engram.memory.MemoryProperties;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.ItemRepository.NewItem;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.embed.Vectors;
import io.engram.memory.namespace.NamespaceClock;
import io.engram.memory.namespace.NamespaceRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Consolidation rounds. A round clusters the open facts of a namespace by subject; a subject with at least
 * {@code abstractionMinMembers} facts gets an abstraction (written by the {@link Abstractor}), which replaces
 * the previous one for that subject when its members changed. The abstraction replaces its members in the live
 * store: they are folded (demoted and archived, never deleted: reachable by id, by {@code asOf}, with
 * {@code includeArchived} and in history), so the live store stops growing with what it already summarizes. When
 * a member is superseded, its abstraction is closed at once and its members come back live, so recall never
 * shows an outdated value through an abstraction. Rounds take their time from the namespace's latest event time, not from the clock, so
 * offline runs replay identically.
 */
@Component
public class Consolidator {

  private final NamespaceRepository namespaces;
  private final NamespaceClock clock;
  private final ItemRepository items;
  private final Abstractor abstractor;
  private final Vectors vectors;
  private final int minMembers;

  public Consolidator(NamespaceRepository namespaces, NamespaceClock clock, ItemRepository items,
      Abstractor abstractor, Vectors vectors, MemoryProperties properties) {
    this.namespaces = namespaces;
    this.clock = clock;
    this.items = items;
    this.abstractor = abstractor;
    this.vectors = vectors;
    this.minMembers = properties.abstractionMinMembers();
  }

  /**
   * The abstractions a round would write now, by subject: their members and (once {@link #embed}ded) their
   * statements and vectors.
   */
  public record Plan(Map<String, Abstraction> bySubject) {

    public Plan {
      bySubject = Map.copyOf(bySubject);
    }

    /** No abstraction prepared: a round writes and embeds in place. */
    public static final Plan NONE = new Plan(Map.of());
  }

  /**
   * One planned abstraction: over these members, then (once {@link #embed}ded) with its statement and vector.
   */
  public record Abstraction(String subject, List<MemoryItem> members, @Nullable String statement,
      float @Nullable [] vector) {
  }

  /**
   * The subjects a round would abstract now and their members, read without writing. Call inside a tenant
   * transaction, then {@link #embed} outside any, then {@link #round(String, String, Plan)}.
   */
  public Plan plan(String tenant, String namespace) {
    Map<String, Abstraction> planned = new LinkedHashMap<>();
    if (clock.latestEventTime(tenant, namespace).isEmpty()) {
      return Plan.NONE;
    }
    for (String subject : items.subjectsWithFacts(tenant, namespace, minMembers)) {
      List<MemoryItem> members = items.liveFactsAbout(tenant, namespace, subject);
      List<UUID> memberIds = members.stream().map(MemoryItem::id).toList();
      if (!current(tenant, items.liveAbstractionOf(tenant, namespace, subject), memberIds)) {
        planned.put(subject, new Abstraction(subject, members, null, null));
      }
    }
    return new Plan(planned);
  }

  /**
   * The plan with each abstraction's statement (the abstractor's, possibly a model's) and vector. Call outside any
   * transaction: both take time, during which a transaction would hold a connection.
   */
  public Plan embed(Plan plan) {
    Map<String, Abstraction> embedded = new LinkedHashMap<>();
    plan.bySubject().forEach((subject, a) -> {
      String statement = statement(subject, a.members());
      embedded.put(subject, new Abstraction(subject, a.members(), statement, vectors.embedDocument(statement)));
    });
    return new Plan(embedded);
  }

  /** One round over a namespace; returns how many abstractions it wrote. Call inside a tenant transaction. */
  public int round(String tenant, String namespace) {
    return round(tenant, namespace, Plan.NONE);
  }

  /**
   * One round over a namespace, taking each abstraction's statement and vector from {@code plan} when the plan's
   * members are still the subject's (else, when the namespace changed since the plan, writing and embedding it in
   * place); returns how many abstractions it wrote. Call inside a tenant transaction.
   */
  public int round(String tenant, String namespace, Plan plan) {
    Optional<Instant> latest = clock.latestEventTime(tenant, namespace);
    if (latest.isEmpty()) {
      return 0;
    }
    Instant now = latest.get();
    long seq = namespaces.eventCount(tenant, namespace).orElseThrow();
    List<String> subjects = items.subjectsWithFacts(tenant, namespace, minMembers);
    int written = 0;
    for (String subject : subjects) {
      if (abstractSubject(tenant, namespace, subject, now, seq, plan.bySubject().get(subject))) {
        written++;
      }
    }
    return written;
  }

  /** Whether the subject's live abstraction ({@code existing}) already holds exactly these members. */
  private boolean current(String tenant, Optional<MemoryItem> existing, List<UUID> memberIds) {
    return existing.isPresent() && new TreeSet<>(items.members(tenant, existing.get().id())).equals(new TreeSet<>(memberIds));
  }

  /**
   * Whether a plan made over {@code planned} fits {@code members}: the same items in the same order with the same text
   * an abstractor reads (statement, subject, attribute, value); counters such as use counts may have moved.
   */
  private static boolean sameText(List<MemoryItem> planned, List<MemoryItem> members) {
    if (planned.size() != members.size()) {
      return false;
    }
    for (int i = 0; i < planned.size(); i++) {
      MemoryItem a = planned.get(i);
      MemoryItem b = members.get(i);
      if (!a.id().equals(b.id()) || !a.statement().equals(b.statement())
          || !java.util.Objects.equals(a.subjectText(), b.subjectText())
          || !java.util.Objects.equals(a.attributeKey(), b.attributeKey())
          || !java.util.Objects.equals(a.attributeText(), b.attributeText())
          || !java.util.Objects.equals(a.valueText(), b.valueText())) {
        return false;
      }
    }
    return true;
  }

  private String statement(String subject, List<MemoryItem> members) {
    return abstractor.abstractOf(subjectText(subject, members), members);
  }

  private static String subjectText(String subject, List<MemoryItem> members) {
    return members.getFirst().subjectText() == null ? subject : members.getFirst().subjectText();
  }

  private boolean abstractSubject(String tenant, String namespace, String subject, Instant now, long seq,
      @Nullable Abstraction planned) {
    List<MemoryItem> members = items.liveFactsAbout(tenant, namespace, subject);
    List<UUID> memberIds = members.stream().map(MemoryItem::id).toList();
    Optional<MemoryItem> existing = items.liveAbstractionOf(tenant, namespace, subject);
    if (current(tenant, existing, memberIds)) {
      return false;
    }
    boolean fits = planned != null && planned.vector() != null && planned.statement() != null
        && sameText(planned.members(), members);
    String subjectText = subjectText(subject, members);
    String statement = fits ? planned.statement() : statement(subject, members);
    float[] vector = fits ? planned.vector() : vectors.embedDocument(statement);
    TreeSet<String> terms = new TreeSet<>();
    members.forEach(m -> terms.addAll(m.terms()));
    int support = members.stream().mapToInt(MemoryItem::support).sum();
    UUID id = UUID.randomUUID();
    items.insert(tenant, new NewItem(id, namespace, "abstraction", statement, subject, subjectText, null, null, null, null,
        List.of(), List.of(), "abstraction|" + subject, vector, vectors.modelFor(statement),
        List.copyOf(terms), now, null, null, seq, vectors.tokens(statement), List.of(), null));
    items.setSupport(id, support);
    items.addMembers(tenant, id, memberIds);
    items.fold(tenant, id, memberIds, now);
    items.addHistory(tenant, id, "ABSTRACTED", null, null, now, members.size() + " members");
    existing.ifPresent(old -> {
      items.close(old.id(), now.isBefore(old.validFrom()) ? old.validFrom() : now, id);
      items.addHistory(tenant, old.id(), "SUPERSEDED_BY", id, null, now, "refreshed by a consolidation round");
      items.addHistory(tenant, id, "SUPERSEDES", old.id(), null, now, "refreshed by a consolidation round");
    });
    return true;
  }

  /** Closes the live abstraction holding {@code memberId} (a member changed) and brings its members back. */
  public void invalidateAbstractionOf(String tenant, UUID memberId, Instant at, long eventId) {
    items.invalidateAbstractionOf(tenant, memberId, at, eventId);
  }
}
