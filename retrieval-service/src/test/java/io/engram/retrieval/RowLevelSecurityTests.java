package io.engram.retrieval;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The row-level security pattern every service table follows (FORCE RLS, a policy on
 * {@code engram.tenant_id}, a system bypass), exercised through {@link TenantTransactions} as the
 * application role, which owns the table and would bypass a non-forced policy.
 */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class RowLevelSecurityTests {

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  @BeforeEach
  void table() {
    jdbc.sql("""
        create table if not exists retrieval.rls_probe (tenant_id text not null, note text not null);
        alter table retrieval.rls_probe enable row level security;
        alter table retrieval.rls_probe force row level security;
        drop policy if exists tenant_isolation on retrieval.rls_probe;
        create policy tenant_isolation on retrieval.rls_probe
          using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
          with check (tenant_id = current_setting('engram.tenant_id', true));
        """).update();
  }

  @Test
  void eachTenantSeesOnlyItsOwnRowsEvenWithoutAWhereClause() {
    tenants.runInTenant("rls-a", () -> jdbc.sql("insert into retrieval.rls_probe values ('rls-a', 'a1')").update());
    tenants.runInTenant("rls-b", () -> jdbc.sql("insert into retrieval.rls_probe values ('rls-b', 'b1')").update());

    assertThat(tenants.inTenant("rls-a", () -> jdbc.sql("select note from retrieval.rls_probe").query(String.class).list()))
        .containsOnly("a1");
    assertThat(tenants.inTenant("rls-b", () -> jdbc.sql("select note from retrieval.rls_probe").query(String.class).list()))
        .containsOnly("b1");
    assertThat(jdbc.sql("select count(*) from retrieval.rls_probe").query(Integer.class).single()).isZero();
    assertThat(tenants.asSystem(() -> jdbc.sql("select count(*) from retrieval.rls_probe where tenant_id in ('rls-a','rls-b')")
        .query(Integer.class).single())).isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyServiceTableForcesRowLevelSecurityWithATenantPolicy() {
    List<String> unprotected = jdbc.sql("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'retrieval' and c.relkind = 'r' and c.relname not in ('flyway_schema_history', 'rls_probe')
          and not (c.relrowsecurity and c.relforcerowsecurity
                   and exists (select 1 from pg_policies p where p.schemaname = 'retrieval' and p.tablename = c.relname
                               and p.qual like '%engram.tenant_id%'))""").query(String.class).list();
    assertThat(unprotected).isEmpty();
    // the tables issue 18 added are among those checked
    assertThat(jdbc.sql("select count(*) from pg_class where relname in ('term_stats', 'postings', 'chunk_parents')"
            + " and relforcerowsecurity").query(Integer.class).single()).isEqualTo(3);
  }

  @Test
  void aTenantCannotWriteRowsOfAnother() {
    assertThatThrownBy(() -> tenants.runInTenant("rls-a",
        () -> jdbc.sql("insert into retrieval.rls_probe values ('rls-b', 'forged')").update()))
        .rootCause().hasMessageContaining("row-level security");
  }
}
