package io.engram.memory.budget;

import io.engram.memory.MemoryProperties;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.namespace.NamespaceClock;
import io.engram.memory.namespace.NamespaceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The token budget of a namespace. Past the budget, the coldest live items are archived (never deleted:
 * archived items stay reachable by id and with {@code includeArchived}) until the live tokens are back under
 * {@value #LOW_WATER} of it. Members folded into an abstraction are archived already (not live); demoted ones would go first; then the lowest heat, where
 * heat = ln(1 + support) + ln(1 + uses in recall) + 2 * exp(-(events since last restated) / {@value #RECENCY_EVENTS}).
 * Recency counts events, not clock time, so offline runs replay identically. Abstractions are not archived:
 * they are the compressed form the budget is meant to keep.
 */
@Component
public class BudgetKeeper {

  static final double LOW_WATER = 0.9;
  static final double RECENCY_EVENTS = 1000.0;
  /** Most items one enforcement looks at. */
  static final int COLDEST = 5000;

  private final NamespaceRepository namespaces;
  private final NamespaceClock clock;
  private final ItemRepository items;
  private final long budget;

  public BudgetKeeper(NamespaceRepository namespaces, NamespaceClock clock, ItemRepository items,
      MemoryProperties properties) {
    this.namespaces = namespaces;
    this.clock = clock;
    this.items = items;
    this.budget = properties.tokenBudget();
  }

  /** Archives what the budget needs; returns how many items. Call inside a tenant transaction. */
  public int enforce(String tenant, String namespace) {
    long live = items.liveTokens(tenant, namespace);
    if (live <= budget) {
      return 0;
    }
    long seq = namespaces.eventCount(tenant, namespace).orElseThrow();
    long target = (long) (budget * LOW_WATER);
    List<UUID> archive = new ArrayList<>();
    for (ItemRepository.Tokens c : items.coldestLive(tenant, namespace, seq, RECENCY_EVENTS, COLDEST)) {
      if (live <= target) {
        break;
      }
      archive.add(c.id());
      live -= c.tokens();
    }
    items.setArchived(archive, true);
    Instant at = clock.latestEventTime(tenant, namespace).orElseThrow();
    for (UUID id : archive) {
      items.addHistory(tenant, id, "ARCHIVED", null, null, at, "over the token budget at event " + seq);
    }
    return archive.size();
  }
}
