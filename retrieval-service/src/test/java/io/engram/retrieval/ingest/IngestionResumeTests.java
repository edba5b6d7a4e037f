package io.engram.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * Kill-and-resume: the runner is stopped in the middle of a job (as a dying process would stop), the
 * job's lease runs out, a runner starts again and finishes the job: every document exactly once, no
 * duplicate chunks or postings, counts exact.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class IngestionResumeTests {

  @Autowired
  TestRestTemplate http;

  @Autowired
  JobRunner runner;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  @Test
  void aJobInterruptedMidwayResumesWithEveryDocumentExactlyOnce() throws InterruptedException {
    String tenant = TestIdentities.uniqueTenant("resume");
    RetrievalApi api = new RetrievalApi(http, tenant);
    api.createCollection("big");
    List<Map<String, Object>> docs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      docs.add(RetrievalApi.doc("doc-" + i, "Document " + i, "Entry " + i + " describes item number " + i + " in the catalog.", null));
    }
    String jobId = RetrievalApi.json(api.call(HttpMethod.POST, "/v1/collections/big/documents", Map.of("documents", docs)))
        .get("jobId").asString();
    int before;
    try {
      JsonNode job;
      do {
        Thread.sleep(10);
        job = RetrievalApi.json(api.call(HttpMethod.GET, "/v1/jobs/" + jobId, null));
      } while (job.get("succeeded").asInt() == 0);
      runner.stop();
      job = RetrievalApi.json(api.call(HttpMethod.GET, "/v1/jobs/" + jobId, null));
      before = job.get("succeeded").asInt();
      assertThat(job.get("state").asString()).isEqualTo("running");
      assertThat(before).as("stopped midway").isBetween(1, 59);
      // the dead runner's lease runs out
      tenants.asSystem(() -> jdbc.sql("update ingestion_jobs set lease_until = now() - interval '1 second' where id = ?")
          .param(UUID.fromString(jobId)).update());
    } finally {
      runner.start();
    }
    JsonNode done = api.awaitJob(jobId);
    assertThat(done.get("state").asString()).isEqualTo("succeeded");
    assertThat(done.get("succeeded").asInt()).isEqualTo(60);
    assertThat(done.get("failed").asInt()).isZero();
    tenants.runInTenant(tenant, () -> {
      assertThat(jdbc.sql("select count(*), count(distinct external_id) from documents").query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
          .single()).containsExactly(60L, 60L);
      assertThat(jdbc.sql("select count(*) from chunks").query(Long.class).single()).isEqualTo(60);
      assertThat(jdbc.sql("select count(*) from (select document_id, content_hash from chunks group by 1, 2 having count(*) > 1) d")
          .query(Long.class).single()).isZero();
      assertThat(jdbc.sql("select document_count, chunk_count, total_terms = (select sum(term_count) from chunks) from collections")
          .query((rs, n) -> List.of(rs.getInt(1), rs.getInt(2), rs.getBoolean(3) ? 1 : 0)).single()).containsExactly(60, 60, 1);
      assertThat(jdbc.sql("select count(*) from job_documents where state = 'done'").query(Long.class).single()).isEqualTo(60);
    });
  }
}
