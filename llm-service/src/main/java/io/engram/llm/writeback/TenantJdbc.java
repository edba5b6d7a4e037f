package io.engram.llm.writeback;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction bound to one tenant ({@code set_config('engram.tenant_id', ..., true)}), the
 * setting the row-level security policies read. The same pattern as the platform's tenant transactions,
 * kept here because this service has one small table.
 */
public class TenantJdbc {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public TenantJdbc(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  <T> T inTenant(String tenantId, Supplier<T> work) {
    return transactions.execute(status -> {
      jdbc.sql("select set_config('engram.tenant_id', ?, true)").param(tenantId).query().singleValue();
      return work.get();
    });
  }

  JdbcClient jdbc() {
    return jdbc;
  }
}
