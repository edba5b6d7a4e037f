package io.engram.llm.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.llm.gather.SilentServer;
import io.engram.llm.source.MemoryEvent;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox against the real database with the memory service down: kept, retried later, once per event id. */
@SpringBootTest
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class WriteBackOutboxTests {

  @DynamicPropertySource
  static void memoryDown(DynamicPropertyRegistry registry) throws IOException {
    String closed = SilentServer.closedUrl();
    registry.add("engram.sources.memory-url", () -> closed);
    registry.add("engram.llm.write-back.initial-backoff", () -> "30s");
  }

  @Autowired
  WriteBackOutbox outbox;

  @Autowired
  JdbcClient jdbc;

  @Autowired
  TransactionTemplate transactions;

  private MemoryEvent event(String id) {
    return new MemoryEvent(id, "interaction", null, "Who founded Acme?", "Jane Roe founded Acme in 1999. [1]",
        List.of(new MemoryEvent.ContextEntry("chunk:c1", "Acme was founded by Jane Roe in 1999.")), null,
        List.of("chunk:c1"));
  }

  private record Row(int attempts, String lastError, boolean delivered) {
  }

  private List<Row> rows(String tenant) {
    return new TenantTransactions(transactions, jdbc).inTenant(tenant, () -> jdbc.sql(
            "select attempts, last_error, delivered_at is not null from llm.writeback_outbox where tenant_id = ?")
        .param(tenant).query((rs, i) -> new Row(rs.getInt(1), rs.getString(2), rs.getBoolean(3))).list());
  }

  @Test
  void whenMemoryIsDownThenTheEventIsKeptWithItsErrorAndRetriedLater() {
    String tenant = TestIdentities.uniqueTenant("wb");
    String id = WriteBackOutbox.eventId(tenant, "req-1", "ns", "Who founded Acme?");
    outbox.store(tenant, "ns", event(id), null);

    assertThat(outbox.deliverDue(tenant)).isZero();

    assertThat(rows(tenant)).singleElement().satisfies(r -> {
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.lastError()).contains("memory unreachable");
      assertThat(r.delivered()).isFalse();
    });
    // not due again before its backoff
    assertThat(outbox.deliverDue(tenant)).isZero();
    assertThat(rows(tenant).getFirst().attempts()).isEqualTo(1);
  }

  @Test
  void whenEnqueueReturnsThenTheRowIsAlreadyCommitted() {
    String tenant = TestIdentities.uniqueTenant("wb");
    String id = WriteBackOutbox.eventId(tenant, "req-5", "ns", "Who founded Acme?");

    WriteBackOutbox.Stored stored = outbox.enqueue(tenant, "ns", event(id));

    // read at once, in another transaction: stored before enqueue returned, not by a background thread later
    assertThat(stored.stored()).isTrue();
    assertThat(stored.reason()).isNull();
    assertThat(rows(tenant)).hasSize(1);
  }

  @Test
  void whenTheSameRequestIsAnsweredTwiceThenOneEventIsKept() {
    String tenant = TestIdentities.uniqueTenant("wb");
    String id = WriteBackOutbox.eventId(tenant, "req-2", "ns", "Who founded Acme?");
    assertThat(WriteBackOutbox.eventId(tenant, "req-2", "ns", "Who founded Acme?")).isEqualTo(id);
    assertThat(WriteBackOutbox.eventId(tenant, "req-3", "ns", "Who founded Acme?")).isNotEqualTo(id);

    outbox.store(tenant, "ns", event(id), null);
    outbox.store(tenant, "ns", event(id), null);

    assertThat(rows(tenant)).hasSize(1);
  }

  @Test
  void whenAnotherTenantLooksThenItSeesNoneOfTheRows() {
    String tenant = TestIdentities.uniqueTenant("wb");
    outbox.store(tenant, "ns", event(WriteBackOutbox.eventId(tenant, "req-4", "ns", "q")), null);
    String other = TestIdentities.uniqueTenant("wb-other");
    Integer seen = new TenantTransactions(transactions, jdbc).inTenant(other,
        () -> jdbc.sql("select count(*) from llm.writeback_outbox").query(Integer.class).single());
    assertThat(seen).isZero();
    Integer outside = jdbc.sql("select count(*) from llm.writeback_outbox").query(Integer.class).single();
    assertThat(outside).isZero();
  }

  @Test
  void whenBackingOffThenWaitsDoubleUpToTheMaximum() {
    assertThat(outbox.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(outbox.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(outbox.backoff(30)).isEqualTo(Duration.ofMinutes(5));
  }
}
