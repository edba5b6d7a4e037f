package io.engram.memory.item;

import io.engram.memory.namespace.NamespaceRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
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

  /**
   * The size of one namespace (or, with {@code tenant} and {@code namespace} null, of all namespaces not listed
   * separately): its live items, their tokens and the tokens ingested into it. Compression as in {@link StoreStats}.
   */
  public record NamespaceSize(@Nullable String tenant, @Nullable String namespace, long liveItems, long storedTokens,
      long ingestedTokens) {

    public double compressionRatio() {
      return storedTokens == 0 ? 0 : (double) ingestedTokens / storedTokens;
    }
  }

  /**
   * Call as system (every tenant's rows): the {@code limit} namespaces with the most live items, largest first, then
   * one row (tenant and namespace null) that sums up all the others, when there are others. One scan of the live
   * items and one read of the namespaces' counters per namespace listed; the metrics read it every so often, not per
   * request.
   */
  public List<NamespaceSize> largest(int limit) {
    List<ItemRepository.LiveSize> sizes = items.largestLive(limit);
    List<NamespaceSize> out = new ArrayList<>(sizes.size());
    long listedIngested = 0;
    for (ItemRepository.LiveSize size : sizes) {
      if (size.tenant() == null || size.namespace() == null) {
        // every namespace not listed, those without live items included
        long rest = Math.max(0, namespaces.totalIngestedTokens() - listedIngested);
        out.add(new NamespaceSize(null, null, size.live(), size.tokens(), rest));
      } else {
        long ingested = namespaces.counters(size.tenant(), size.namespace()).ingestedTokens();
        listedIngested += ingested;
        out.add(new NamespaceSize(size.tenant(), size.namespace(), size.live(), size.tokens(), ingested));
      }
    }
    return out;
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
