package io.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared row-level-security piece for future tables: service-support's Flyway callback creates
 * {@code enable_tenant_isolation} in the service's schema, and a table put under it behaves as the tables whose
 * migrations copied the policy block: a tenant sees and writes only its own rows, background work (system) all.
 */
@SpringBootTest(properties = "engram.retrieval.ingest.enabled=false")
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class TenantIsolationFunctionTests {

  private static final String TABLE = "retrieval.isolation_probe";

  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  @AfterEach
  void drop() {
    jdbc.sql("drop table if exists " + TABLE).update();
  }

  private long count(String tenant) {
    return tenants.inTenant(tenant, () -> jdbc.sql("select count(*) from " + TABLE).query(Long.class).single());
  }

  @Test
  void whenATableIsPutUnderTenantIsolationThenEachTenantSeesOnlyItsRows() {
    String a = TestIdentities.uniqueTenant("rls-a");
    String b = TestIdentities.uniqueTenant("rls-b");
    jdbc.sql("create table " + TABLE + " (tenant_id text not null, note text)").update();
    jdbc.sql("select retrieval.enable_tenant_isolation('" + TABLE + "')").query().singleValue();

    tenants.runInTenant(a, () -> jdbc.sql("insert into " + TABLE + " values (?, 'mine')").param(a).update());

    assertThat(count(a)).isEqualTo(1);
    assertThat(count(b)).as("another tenant").isZero();
    assertThat(tenants.asSystem(() -> jdbc.sql("select count(*) from " + TABLE).query(Long.class).single()))
        .as("background work").isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from " + TABLE).query(Long.class).single()).as("outside a tenant").isZero();
    assertThatThrownBy(() -> tenants.runInTenant(b, () -> jdbc.sql("insert into " + TABLE + " values (?, 'theirs')")
        .param(a).update())).as("writing another tenant's row").rootCause().hasMessageContaining("row-level security");
    assertThat(jdbc.sql("select policyname from pg_policies where schemaname = 'retrieval' and tablename = 'isolation_probe'")
        .query(String.class).list()).containsExactly("tenant_isolation");
  }
}
