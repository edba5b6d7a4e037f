package io.engram.support.tenancy;

import io.engram.support.identity.InternalIdentity;
import java.util.function.Supplier;
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
 */
public final class TenantTransactions {

  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;

  public TenantTransactions(TransactionTemplate transactions, JdbcClient jdbc) {
    this.transactions = transactions;
    this.jdbc = jdbc;
  }

  public <T> T inTenant(String tenantId, Supplier<T> work) {
    if (tenantId == null || !InternalIdentity.TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("illegal tenant id: " + tenantId);
    }
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
