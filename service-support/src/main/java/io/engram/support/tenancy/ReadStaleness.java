package io.engram.support.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the reads of one response came from when a read replica is configured, for the response's trace: {@code source}
 * is {@code replica} when the replica served them (then {@code lagMs} is how far it was behind at most, and never more
 * than {@code maxLagMs}), {@code primary} when the replica was further behind than that and the primary served them.
 * Absent without a replica: everything is read from the primary, as always.
 */
@Schema(name = "ReadStaleness",
    description = "Present when a read replica is configured: where this response's reads came from and how stale they "
        + "may be (at most maxLagMs behind the primary).")
public record ReadStaleness(
    @Schema(description = "replica when the read replica served this response's reads, primary when the replica was"
        + " further behind than maxLagMs and the primary served them.", allowableValues = {"replica", "primary"})
    String source,
    @Schema(description = "How far behind the primary the replica was at most for these reads, in milliseconds; 0 when"
        + " the primary served them.", minimum = "0") long lagMs,
    @Schema(description = "The most staleness the service accepts from its replica, in milliseconds (the configured"
        + " maximum lag).", minimum = "0") long maxLagMs) {

  /** The note for these reads, or null when no replica is configured. */
  public static @Nullable ReadStaleness of(TenantTransactions tenants, List<? extends TenantTransactions.Read<?>> reads) {
    Duration maxLag = tenants.replicaMaxLag();
    if (maxLag == null) {
      return null;
    }
    List<Duration> lags = reads.stream().map(TenantTransactions.Read::replicaLag)
        .filter(java.util.Objects::nonNull).map(d -> (Duration) d).toList();
    if (lags.isEmpty()) {
      return new ReadStaleness("primary", 0, maxLag.toMillis());
    }
    return new ReadStaleness("replica", lags.stream().mapToLong(Duration::toMillis).max().orElse(0), maxLag.toMillis());
  }
}
