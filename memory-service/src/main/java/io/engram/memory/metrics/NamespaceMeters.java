package io.engram.memory.metrics;

import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StatsRepository.NamespaceSize;
import io.engram.support.tenancy.TenantTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Live items ({@value #LIVE_ITEMS}) and compression ratio ({@value #COMPRESSION}: ingested tokens / live tokens, as in
 * the namespace stats) per namespace, with bounded cardinality: the {@code engram.memory.metrics.namespaces} (20)
 * namespaces with the most live items each get a series tagged with their tenant and namespace, all others are summed
 * up in one series tagged {@value #OTHER}. Read with one query from {@link StatsRepository#largest} every
 * {@code engram.memory.metrics.refresh} (60 s) on a background thread, never on a scrape; a failed read (the database
 * away) keeps the last values.
 */
@Component
public class NamespaceMeters implements AutoCloseable {

  public static final String LIVE_ITEMS = "engram.memory.items.live";
  public static final String COMPRESSION = "engram.memory.compression.ratio";
  /**
   * The tenant and namespace tag of the series that sums up every namespace not listed separately (no tenant id
   * starts with an underscore; the gateway's rate-limit meters name their rest the same).
   */
  public static final String OTHER = "_other";

  private static final Logger log = LoggerFactory.getLogger(NamespaceMeters.class);

  private final StatsRepository stats;
  private final TenantTransactions tenants;
  private final int limit;
  private final Duration refresh;
  private final MultiGauge liveItems;
  private final MultiGauge compression;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("namespace-meters").daemon().factory());

  NamespaceMeters(StatsRepository stats, TenantTransactions tenants, MeterRegistry registry,
      @Value("${engram.memory.metrics.namespaces:20}") int limit,
      @Value("${engram.memory.metrics.refresh:60s}") Duration refresh) {
    if (limit < 1) {
      throw new IllegalArgumentException("illegal engram.memory.metrics.namespaces: " + limit + ", must be positive");
    }
    this.stats = stats;
    this.tenants = tenants;
    this.limit = limit;
    this.refresh = refresh;
    this.liveItems = MultiGauge.builder(LIVE_ITEMS).description("Live memory items of the largest namespaces")
        .register(registry);
    this.compression = MultiGauge.builder(COMPRESSION)
        .description("Tokens ingested per live token stored, of the largest namespaces").register(registry);
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    scheduler.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the sizes again and replaces every series; returns what it read (empty when the read failed). */
  public List<NamespaceSize> refresh() {
    List<NamespaceSize> sizes;
    try {
      sizes = tenants.asSystem(() -> stats.largest(limit));
    } catch (RuntimeException e) {
      log.warn("namespace metrics not refreshed: {}", e.toString());
      return List.of();
    }
    liveItems.register(sizes.stream().map(s -> MultiGauge.Row.of(tags(s), s.liveItems())).toList(), true);
    compression.register(sizes.stream().map(s -> MultiGauge.Row.of(tags(s), s.compressionRatio())).toList(), true);
    return sizes;
  }

  private static Tags tags(NamespaceSize size) {
    return size.tenant() == null
        ? Tags.of("tenant", OTHER, "namespace", OTHER)
        : Tags.of("tenant", size.tenant(), "namespace", size.namespace() == null ? "" : size.namespace());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
