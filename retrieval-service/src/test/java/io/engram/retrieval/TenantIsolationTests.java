package io.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/** A tenant never sees another tenant's collections, documents, chunks or jobs, through the API or the database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class TenantIsolationTests {

  @Autowired
  TestRestTemplate http;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  @Test
  void anotherTenantCannotFindSearchReadOrDeleteWhatATenantStored() {
    String a = TestIdentities.uniqueTenant("iso-a");
    String b = TestIdentities.uniqueTenant("iso-b");
    RetrievalApi alice = new RetrievalApi(http, a);
    RetrievalApi bob = new RetrievalApi(http, b);
    alice.createCollection("secrets");
    JsonNode job = alice.ingest("secrets", List.of(RetrievalApi.doc("plan", "Plan", "The merger with Initech closes in March.", null)));
    String jobId = job.get("jobId").asString();

    assertThat(bob.call(HttpMethod.GET, "/v1/collections/secrets", null).getStatusCode().value()).isEqualTo(404);
    assertThat(RetrievalApi.json(bob.call(HttpMethod.GET, "/v1/collections", null))).isEmpty();
    assertThat(bob.search("secrets", Map.of("query", "merger Initech")).getStatusCode().value()).isEqualTo(404);
    assertThat(bob.call(HttpMethod.GET, "/v1/jobs/" + jobId, null).getStatusCode().value()).isEqualTo(404);
    assertThat(bob.call(HttpMethod.DELETE, "/v1/collections/secrets/documents/plan", null).getStatusCode().value()).isEqualTo(404);
    assertThat(bob.call(HttpMethod.DELETE, "/v1/collections/secrets", null).getStatusCode().value()).isEqualTo(404);
    assertThat(bob.call(HttpMethod.POST, "/v1/collections/secrets/documents",
        Map.of("documents", List.of(RetrievalApi.doc("x", "X", "injected", null)))).getStatusCode().value()).isEqualTo(404);

    // the same name is free for bob, and his collection shows none of alice's chunks
    bob.createCollection("secrets");
    bob.ingest("secrets", List.of(RetrievalApi.doc("own", "Own", "Bob's grocery list: apples.", null)));
    JsonNode hits = RetrievalApi.json(bob.search("secrets", Map.of("query", "merger Initech March", "topK", 50))).get("hits");
    assertThat(hits.findValuesAsString("documentId")).containsExactly("own");

    // second wall: row-level security hides alice's rows from bob's transactions even without a where clause
    for (String table : List.of("collections", "documents", "chunks", "postings", "ingestion_jobs", "job_documents")) {
      long seen = tenants.inTenant(b, () -> jdbc.sql("select count(*) from " + table + " where tenant_id = ?").param(a)
          .query(Long.class).single());
      assertThat(seen).as(table).isZero();
      long own = tenants.inTenant(a, () -> jdbc.sql("select count(*) from " + table).query(Long.class).single());
      assertThat(own).as(table).isPositive();
    }
    assertThat(alice.call(HttpMethod.GET, "/v1/collections/secrets", null).getStatusCode().value()).isEqualTo(200);
  }
}
