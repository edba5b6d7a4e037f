package io.engram.memory.consolidate;

import io.engram.memory.MemoryProperties;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.ItemRepository.NewItem;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.embed.Vectors;
import io.engram.memory.namespace.NamespaceClock;
import io.engram.memory.namespace.NamespaceRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
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

  /** One round over a namespace; returns how many abstractions it wrote. Call inside a tenant transaction. */
  public int round(String tenant, String namespace) {
    Optional<Instant> latest = clock.latestEventTime(tenant, namespace);
    if (latest.isEmpty()) {
      return 0;
    }
    Instant now = latest.get();
    long seq = namespaces.eventCount(tenant, namespace).orElseThrow();
    List<String> subjects = items.subjectsWithFacts(tenant, namespace, minMembers);
    int written = 0;
    for (String subject : subjects) {
      if (abstractSubject(tenant, namespace, subject, now, seq)) {
        written++;
      }
    }
    return written;
  }

  private boolean abstractSubject(String tenant, String namespace, String subject, Instant now, long seq) {
    List<MemoryItem> members = items.liveFactsAbout(tenant, namespace, subject);
    List<UUID> memberIds = members.stream().map(MemoryItem::id).toList();
    Optional<MemoryItem> existing = items.liveAbstractionOf(tenant, namespace, subject);
    if (existing.isPresent() && new TreeSet<>(items.members(tenant, existing.get().id())).equals(new TreeSet<>(memberIds))) {
      return false;
    }
    String subjectText = members.getFirst().subjectText() == null ? subject : members.getFirst().subjectText();
    String statement = abstractor.abstractOf(subjectText, members);
    TreeSet<String> terms = new TreeSet<>();
    members.forEach(m -> terms.addAll(m.terms()));
    int support = members.stream().mapToInt(MemoryItem::support).sum();
    UUID id = UUID.randomUUID();
    items.insert(tenant, new NewItem(id, namespace, "abstraction", statement, subject, subjectText, null, null, null, null,
        List.of(), List.of(), "abstraction|" + subject, vectors.embedDocument(statement), vectors.modelFor(statement),
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
