package io.engram.retrieval.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.support.tenancy.ReadReplicaDataSource;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.ReadReplicaDatabases;
import io.engram.testsupport.TestIdentities;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search reads from a real streaming replica (a private primary and its {@code pg_basebackup -R} copy on another
 * port, made by {@code scripts/pg-private}) while writes go to the primary: the recall paths run on the replica,
 * under the tenant's row-level security there too, the response says so with the replica's lag, and a replica further
 * behind than the configured bound, or down, is passed over for the primary.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "engram.datasource.replica.max-lag=1s")
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@DirtiesContext
class ReadReplicaTests implements ReadReplicaDatabases {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  TestRestTemplate http;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  DataSource dataSource;

  @Test
  void searchRecallReadsFromTheReplicaUnderTheTenantsPoliciesAndNeverFurtherBehindThanTheBound() throws Exception {
    assertThat(dataSource).isInstanceOf(ReadReplicaDataSource.class);
    String tenant = TestIdentities.uniqueTenant("replica");
    String other = TestIdentities.uniqueTenant("replica-other");
    RetrievalApi api = new RetrievalApi(http, tenant);
    api.createCollection("kb");
    assertThat(api.ingest("kb", List.of(
        RetrievalApi.doc("ferry", "Ferry", "The harbour ferry leaves every forty minutes from pier three.", null),
        RetrievalApi.doc("backup", "Backups", "Nightly backups of the billing database are kept for thirty days.", null)))
        .get("state").asString()).isEqualTo("succeeded");

    // a search: its recall read on the replica (once the replica has the chunks), with the lag in the response
    JsonNode body = ReadReplicaDatabases.untilServedByTheReplica(() -> api.search("kb", Map.of(
        "query", "how often does the harbour ferry leave", "paths", List.of("bm25", "dense"))), "hits");
    assertThat(body.path("staleness").path("maxLagMs").asLong()).isEqualTo(1000);
    assertThat(body.path("staleness").path("lagMs").asLong()).isBetween(0L, 1000L);
    assertThat(body.get("hits").get(0).get("documentId").asString()).isEqualTo("ferry");

    // the read-only path is the replica, with row-level security as on the primary: the tenant sees its chunks,
    // another tenant none of them, and nothing is visible without a tenant
    String count = "select pg_is_in_recovery(), count(*) from chunks";
    TenantTransactions.Read<Object[]> own = tenants.readInTenant(tenant, () -> jdbc.sql(count)
        .query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getLong(2)}).single());
    assertThat(own.value()[0]).as("served by a server in recovery").isEqualTo(true);
    assertThat(own.value()[1]).isEqualTo(2L);
    assertThat(own.replicaLag()).isNotNull();
    TenantTransactions.Read<Object[]> foreign = tenants.readInTenant(other, () -> jdbc.sql(count)
        .query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getLong(2)}).single());
    assertThat(foreign.value()).containsExactly(true, 0L);
    assertThat(tenants.inTenant(tenant, () -> jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single()))
        .as("writes and ordinary transactions: the primary").isFalse();

    // a replica further behind than max-lag (replay paused, then a write on the primary) is passed over
    ReadReplicaDatabases.replica().sql("select pg_wal_replay_pause()");
    try {
      Thread.sleep(1500);
      api.createCollection("later");
      String collections = "select count(*) from collections";
      TenantTransactions.Read<Long> read = null;
      Instant until = Instant.now().plusSeconds(10);
      while (Instant.now().isBefore(until)) {
        read = tenants.readInTenant(tenant, () -> jdbc.sql(collections).query(Long.class).single());
        if (read.replicaLag() == null) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(read.replicaLag()).as("read on the primary").isNull();
      assertThat(read.value()).as("which has the newer collection").isEqualTo(2L);
      ResponseEntity<String> r = api.search("kb", Map.of("query", "harbour ferry"));
      assertThat(JSON.readTree(r.getBody()).path("staleness").path("source").asString()).isEqualTo("primary");
    } finally {
      ReadReplicaDatabases.replica().sql("select pg_wal_replay_resume()");
    }

    // a replica that is down: searches are served by the primary, without an error and without a long wait
    ReadReplicaDatabases.replica().stop();
    long t0 = System.nanoTime();
    ResponseEntity<String> r = api.search("kb", Map.of("query", "harbour ferry", "paths", List.of("bm25", "dense")));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    assertThat(JSON.readTree(r.getBody()).path("staleness").path("source").asString()).isEqualTo("primary");
    assertThat(JSON.readTree(r.getBody()).get("hits")).isNotEmpty();
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms: at most the replica pool's 1 s connection timeout, and some")
        .isLessThan(5_000);
  }
}
