package io.engram.support.tenancy;

import io.engram.support.identity.InternalIdentity;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs database work inside a transaction that PostgreSQL's row-level security sees as one tenant's:
 * {@code engram.tenant_id} is set for that transaction only ({@code set_config(..., true)}), so policies of
 * the form {@code tenant_id = current_setting('engram.tenant_id', true)} admit that tenant's rows and no
 * other. Outside such a transaction the policies admit nothing. This is the second wall behind the
 * application's own {@code where tenant_id = ?} filters.
 *
 * <p>{@link #asSystem} is for background work that must find rows of every tenant (e.g. queued jobs);
 * policies admit it through {@code current_setting('engram.system', true) = 'on'}. Work on one item found
 * that way goes back through {@link #inTenant}.
 *
 * <p>{@link #readInTenant} is for reads that may be a little stale (search, recall): with a read replica configured
 * ({@code ENGRAM_DB_REPLICA_URL}, {@link ReadReplicaDataSource}) it runs in a read-only transaction, which the data
 * source routes to the replica, under the same tenant setting, so that the replica's policies (the primary's, copied
 * by streaming replication) admit the same rows. It first measures how far the replica is behind; past
 * {@code engram.datasource.replica.max-lag} the read goes to the primary instead, so a read is never staler than that.
 * A replica that cannot be reached sends reads to the primary for 5 s before it is tried again.
 */
public final class TenantTransactions {

  /**
   * How far a hot standby is behind: nothing when it has replayed all it received (so an idle primary does not look
   * like lag), otherwise the age of the last transaction it replayed. Null on a primary.
   */
  static final String REPLICA_LAG = """
      select case when not pg_is_in_recovery() then null
                  when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
                  else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()), 0) end""";

  private final TransactionTemplate transactions;
  private final TransactionTemplate reads;
  private final JdbcClient jdbc;
  private final @Nullable Duration replicaMaxLag;
  /** When the replica last could not be reached (System.nanoTime); reads skip it for a while after that. */
  private volatile long replicaDownAt = System.nanoTime() - 2 * REPLICA_RETRY_NANOS;
  private static final long REPLICA_RETRY_NANOS = 5_000_000_000L;

  /** Every transaction on the one database. */
  public TenantTransactions(TransactionTemplate transactions, JdbcClient jdbc) {
    this(transactions, jdbc, null);
  }

  /**
   * With {@code replicaMaxLag} (a replica is configured), {@link #readInTenant} reads in read-only transactions, which
   * go to the replica when it is at most that far behind.
   */
  public TenantTransactions(TransactionTemplate transactions, JdbcClient jdbc, @Nullable Duration replicaMaxLag) {
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.replicaMaxLag = replicaMaxLag;
    this.reads = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
    this.reads.setReadOnly(true);
  }

  /**
   * What a read returned and, when a replica served it, how far that replica was behind the primary at the start of
   * the read ({@code replicaLag}; null when the primary served it).
   */
  public record Read<T>(T value, @Nullable Duration replicaLag) {
  }

  /** Whether reads may go to a replica at all. */
  public boolean replicaConfigured() {
    return replicaMaxLag != null;
  }

  /** The most a replica may be behind for a read to be served there; null without a replica. */
  public @Nullable Duration replicaMaxLag() {
    return replicaMaxLag;
  }

  /**
   * Read-only work of one tenant: on the replica when one is configured and it is at most
   * {@link #replicaMaxLag()} behind, otherwise on the primary exactly as {@link #inTenant}. {@code work} must not
   * write, and may run twice (once on a replica found too far behind, then on the primary).
   */
  public <T> Read<T> readInTenant(String tenantId, Supplier<T> work) {
    Duration maxLag = replicaMaxLag;
    if (maxLag == null) {
      return new Read<>(inTenant(tenantId, work), null);
    }
    checkTenant(tenantId);
    if (System.nanoTime() - replicaDownAt < REPLICA_RETRY_NANOS) {
      return new Read<>(inTenant(tenantId, work), null);
    }
    Read<T> replica;
    try {
      replica = readOnReplica(tenantId, work, maxLag);
    } catch (org.springframework.transaction.CannotCreateTransactionException
        | org.springframework.dao.DataAccessResourceFailureException
        | org.springframework.dao.TransientDataAccessResourceException e) {
      // the replica cannot be reached (the lazy connection is fetched at the first statement, so a pool that times
      // out shows as a transient resource failure): the primary serves reads, and the replica is tried again later
      replicaDownAt = System.nanoTime();
      org.slf4j.LoggerFactory.getLogger(TenantTransactions.class)
          .warn("read replica unavailable, reading from the primary for {} s: {}", REPLICA_RETRY_NANOS / 1_000_000_000L,
              e.getClass().getSimpleName());
      return new Read<>(inTenant(tenantId, work), null);
    }
    return replica != null ? replica : new Read<>(inTenant(tenantId, work), null);
  }

  private <T> @Nullable Read<T> readOnReplica(String tenantId, Supplier<T> work, Duration maxLag) {
    return reads.execute(status -> {
      Double seconds = jdbc.sql(REPLICA_LAG).query((rs, n) -> {
        double v = rs.getDouble(1);
        return rs.wasNull() ? null : v;
      }).optional().orElse(null);
      Duration lag = seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
      if (lag != null && lag.compareTo(maxLag) > 0) {
        return null;
      }
      jdbc.sql("select set_config('engram.tenant_id', ?, true)").param(tenantId).query().singleValue();
      return new Read<>(work.get(), lag);
    });
  }

  private static void checkTenant(String tenantId) {
    if (tenantId == null || !InternalIdentity.TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("illegal tenant id: " + tenantId);
    }
  }

  public <T> T inTenant(String tenantId, Supplier<T> work) {
    checkTenant(tenantId);
    return transactions.execute(status -> {
      jdbc.sql("select set_config('engram.tenant_id', ?, true)").param(tenantId).query().singleValue();
      return work.get();
    });
  }

  public void runInTenant(String tenantId, Runnable work) {
    inTenant(tenantId, () -> {
      work.run();
      return null;
    });
  }

  public <T> T asSystem(Supplier<T> work) {
    return transactions.execute(status -> {
      jdbc.sql("select set_config('engram.system', 'on', true)").query().singleValue();
      return work.get();
    });
  }
}
