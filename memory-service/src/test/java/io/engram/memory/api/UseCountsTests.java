package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.event;
import static io.engram.memory.api.MemoryHttp.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.recall.MemoryRecaller;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Use counts (heat) under concurrent recalls on the real database: many recalls of overlapping items at once all
 * succeed and the counts grow (they deadlocked when each recall updated its items inside its own transaction, in
 * rank order); a row another transaction holds is skipped, not waited for, and the skip is counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class UseCountsTests {

  private static final String[] FACTS = {"The harbour ferry leaves every forty minutes from pier three.",
      "The night ferry to the island stops at pier five.", "Ferry tickets for the harbour line cost four euros.",
      "The island ferry does not run on public holidays.", "Pier three has a ticket office for the harbour ferry.",
      "The ferry timetable changes in October."};
  private static final String[] QUERIES = {"when does the harbour ferry leave", "ferry tickets price",
      "island ferry holidays", "which pier for the ferry", "ferry timetable"};

  @Autowired
  TestRestTemplate rest;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  MemoryRecaller recaller;
  @Autowired
  MeterRegistry meters;

  MemoryHttp http;
  String tenant;

  @BeforeEach
  void setUp() {
    http = new MemoryHttp(rest);
    tenant = TestIdentities.uniqueTenant("use-counts");
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < FACTS.length; i++) {
      batch.add(event("f" + i, FACTS[i], null));
    }
    ResponseEntity<String> written = http.post(tenant, "/v1/memory/ferries/events", events(batch.toArray(String[]::new)));
    assertThat(written.getStatusCode().value()).as(written.getBody()).isEqualTo(202);
  }

  private long used() {
    return tenants.inTenant(tenant, () -> jdbc.sql("select coalesce(sum(use_count), 0) from memory.items"
        + " where tenant_id = ? and namespace = 'ferries'").param(tenant).query(Long.class).single());
  }

  private double count(String name) {
    Counter c = meters.find(name).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void whenManyRecallsOfOverlappingItemsRunAtOnceThenAllSucceedAndTheCountsGrow() throws Exception {
    double failedBefore = count(MemoryRecaller.USES_FAILED);
    int recalls = 80;
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<ResponseEntity<String>>> done = new ArrayList<>();
      for (int i = 0; i < recalls; i++) {
        String query = QUERIES[i % QUERIES.length];
        done.add(pool.submit(() -> http.post(tenant, "/v1/memory/ferries/recall", "{\"query\":\"" + query + "\",\"topK\":6}")));
      }
      for (Future<ResponseEntity<String>> f : done) {
        ResponseEntity<String> r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
      }
    }
    assertThat(count(MemoryRecaller.USES_FAILED)).isEqualTo(failedBefore);
    // each recall returned (up to) six items; a use now and then may be skipped, never most of them
    assertThat(used()).isGreaterThan(recalls);
  }

  @Test
  void whenAnotherTransactionHoldsAnItemThenItsUseIsSkippedAndTheOthersAreCounted() throws Exception {
    List<UUID> ids = tenants.inTenant(tenant, () -> jdbc.sql("select id from memory.items where tenant_id = ?"
        + " and namespace = 'ferries' order by id").param(tenant).query(UUID.class).list());
    assertThat(ids).hasSizeGreaterThan(1);
    UUID held = ids.getFirst();
    double skippedBefore = count(MemoryRecaller.USES_SKIPPED);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tenants.runInTenant(tenant, () -> {
      jdbc.sql("select id from memory.items where id = ? for update").param(held).query().listOfRows();
      locked.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
      long started = System.nanoTime();
      recaller.countUses(tenant, ids);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }
    assertThat(used()).isEqualTo(ids.size() - 1);
    assertThat(count(MemoryRecaller.USES_SKIPPED)).isEqualTo(skippedBefore + 1);
  }
}
