package io.engram.memory.item;

import io.engram.memory.namespace.NamespaceRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Repository;

/** Counts and the digest of one namespace's store, from the namespace's counters and its items. */
@Repository
public class StatsRepository {

  private final ItemRepository items;
  private final NamespaceRepository namespaces;

  public StatsRepository(ItemRepository items, NamespaceRepository namespaces) {
    this.items = items;
    this.namespaces = namespaces;
  }

  /** Call inside a tenant transaction. A namespace never written to has zero everything. */
  public StoreStats stats(String tenant, String namespace) {
    ItemRepository.Counts c = items.counts(tenant, namespace);
    NamespaceRepository.Counters ns = namespaces.counters(tenant, namespace);
    double ratio = c.tokens() == 0 ? 0 : Math.round(1000.0 * ns.ingestedTokens() / c.tokens()) / 1000.0;
    return new StoreStats(ns.events(), c.live(), c.archived(), c.superseded(), c.abstractions(), c.demoted(), c.tokens(),
        ns.ingestedTokens(), ratio, digest(tenant, namespace), ns.answersWrittenBack(), ns.answersUsingMemory());
  }

  private String digest(String tenant, String namespace) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    items.contentRows(tenant, namespace, row -> sha.update(row.getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(sha.digest());
  }
}
