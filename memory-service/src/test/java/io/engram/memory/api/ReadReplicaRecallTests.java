package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.event;
import static io.engram.memory.api.MemoryHttp.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.ReadReplicaDatabases;
import io.engram.testsupport.TestIdentities;
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
 * Recall reads from a real streaming replica (a private primary and its {@code pg_basebackup -R} copy, made by
 * {@code scripts/pg-private}): the response says so with the replica's lag, another tenant recalls nothing there, and
 * the use counts of the items recalled are written on the primary.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@DirtiesContext
class ReadReplicaRecallTests implements ReadReplicaDatabases {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  TestRestTemplate rest;
  @Autowired
  TenantTransactions tenants;
  @Autowired
  JdbcClient jdbc;

  @Test
  void recallReadsFromTheReplicaAndCountsUseOnThePrimary() throws Exception {
    MemoryHttp http = new MemoryHttp(rest);
    String tenant = TestIdentities.uniqueTenant("replica");
    ResponseEntity<String> written = http.post(tenant, "/v1/memory/notes/events", events(
        event("e1", "The harbour ferry leaves every forty minutes from pier three.", null),
        event("e2", "Nightly backups of the billing database are kept for thirty days.", null)));
    assertThat(written.getStatusCode().value()).as(written.getBody()).isEqualTo(202);

    JsonNode body = ReadReplicaDatabases.untilServedByTheReplica(
        () -> http.post(tenant, "/v1/memory/notes/recall", "{\"query\":\"how often does the ferry leave\"}"), "items");
    assertThat(body.path("staleness").path("lagMs").asLong()).isBetween(0L, body.path("staleness").path("maxLagMs").asLong());
    assertThat(body.get("items").get(0).get("statement").asString()).contains("ferry");

    // the use count went to the primary (the replica is read-only)
    long used = tenants.inTenant(tenant, () -> jdbc.sql("select coalesce(sum(use_count), 0) from memory.items "
        + "where tenant_id = ? and namespace = 'notes'").param(tenant).query(Long.class).single());
    assertThat(used).isPositive();

    // another tenant recalls nothing of it on the replica
    ResponseEntity<String> foreign = http.post(TestIdentities.uniqueTenant("replica-other"), "/v1/memory/notes/recall",
        "{\"query\":\"how often does the ferry leave\"}");
    assertThat(foreign.getStatusCode().value()).isEqualTo(200);
    assertThat(JSON.readTree(foreign.getBody()).get("items")).isEmpty();
  }
}
