package io.engram.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApplication;
import io.engram.retrieval.chunking.SourceFormat;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabase;
import io.engram.testsupport.TestIdentities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Two replicas of the service, each with its own ingestion runner, on one database: they share the job queue
 * and never store a document twice. A runner claims a job whole ({@code FOR UPDATE SKIP LOCKED} on the job
 * row, then a lease it renews while it works), so the documents of one job are written by one replica, and
 * replicas share work job by job. Each replica is a full application context (random port, small batches,
 * a short lease); which replica wrote what is read off each one's own {@code engram.ingest.documents} counter.
 * It runs in a surefire fork of its own (retrieval-service's pom): a cached context of another test class would
 * otherwise run a third runner on the same queue, as one did in CI, taking a job of ten.
 */
class IngestionReplicasTests {

  private static @org.jspecify.annotations.Nullable PostgreSQLContainer container;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;

  @BeforeAll
  static void startTwoReplicas() {
    List<String> database = new ArrayList<>();
    if (TestDatabase.given().isEmpty()) {
      // no database given: one container for both replicas (TestDatabaseConfiguration would start one each)
      if (!TestDatabase.dockerAvailable()) {
        throw TestDatabase.missing();
      }
      container = new PostgreSQLContainer(DockerImageName.parse(TestDatabase.IMAGE).asCompatibleSubstituteFor("postgres"));
      container.start();
      database.add("spring.datasource.url=" + container.getJdbcUrl());
      database.add("spring.datasource.username=" + container.getUsername());
      database.add("spring.datasource.password=" + container.getPassword());
    }
    first = replica(database);
    second = replica(database);
  }

  private static ConfigurableApplicationContext replica(List<String> database) {
    List<String> properties = new ArrayList<>(database);
    properties.addAll(List.of("server.port=0", "spring.main.banner-mode=off",
        "engram.retrieval.ingest.batch-size=4", "engram.retrieval.ingest.lease-seconds=4",
        "engram.retrieval.ingest.poll-millis=100"));
    // as command-line arguments: builder defaults would lose to application.yml (its port 8081, for one)
    return new SpringApplicationBuilder(RetrievalApplication.class).web(WebApplicationType.SERVLET).profiles("test")
        .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
      if (context != null) {
        context.close();
      }
    }
    if (container != null) {
      container.stop();
    }
  }

  /** Documents of a few lengths: every third one is long enough (about 900 words) for more than one chunk. */
  private static List<DocumentInput> documents(String prefix, int count) {
    List<DocumentInput> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder();
      int sentences = i % 3 == 0 ? 90 : 2 + i % 5;
      for (int s = 0; s < sentences; s++) {
        text.append("Record ").append(prefix).append(' ').append(i).append(" notes fact ").append(s)
            .append(" about the harbour crane and the tide tables of week ").append(s % 7).append(". ");
      }
      docs.add(new DocumentInput(prefix + "-" + i, "Record " + prefix + " " + i, text.toString(), null, SourceFormat.TEXT));
    }
    return docs;
  }

  /** The chunks the documents make when prepared in one uninterrupted pass. */
  private static int uninterruptedChunks(Collection collection, List<DocumentInput> docs) {
    DocumentPreparer preparer = first.getBean(DocumentPreparer.class);
    List<JobDocument> jobDocs = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      DocumentInput d = docs.get(i);
      jobDocs.add(new JobDocument(i, d.id(), d.title(), d.text(), d.format(), Map.of()));
    }
    return preparer.prepare(collection, jobDocs, (doc, problem) -> { }).stream().mapToInt(p -> p.chunks().size()).sum();
  }

  private static double written(ConfigurableApplicationContext replica) {
    return Optional.ofNullable(replica.getBean(MeterRegistry.class).find("engram.ingest.documents").tag("outcome", "written")
        .counter()).map(Counter::count).orElse(0.0);
  }

  private static JobView await(ConfigurableApplicationContext replica, String tenant, JobView job) throws InterruptedException {
    IngestionJobs jobs = replica.getBean(IngestionJobs.class);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!job.finished() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      job = jobs.view(tenant, job.jobId()).orElseThrow();
    }
    return job;
  }

  /** Documents, distinct external ids, chunks, chunks that share (document, ordinal), done job documents. */
  private static List<Long> stored(String tenant) {
    TenantTransactions tenants = first.getBean(TenantTransactions.class);
    JdbcClient jdbc = first.getBean(JdbcClient.class);
    return tenants.inTenant(tenant, () -> List.of(
        jdbc.sql("select count(*) from documents").query(Long.class).single(),
        jdbc.sql("select count(distinct external_id) from documents").query(Long.class).single(),
        jdbc.sql("select count(*) from chunks").query(Long.class).single(),
        jdbc.sql("select count(*) from (select document_id, ordinal from chunks group by 1, 2 having count(*) > 1) d")
            .query(Long.class).single(),
        jdbc.sql("select count(*) from job_documents where state = 'done'").query(Long.class).single()));
  }

  private static void assertCollectionCountsAreExact(String tenant) {
    TenantTransactions tenants = first.getBean(TenantTransactions.class);
    JdbcClient jdbc = first.getBean(JdbcClient.class);
    tenants.runInTenant(tenant, () -> assertThat(jdbc.sql("""
            select document_count = (select count(*) from documents), chunk_count = (select count(*) from chunks),
              total_terms = (select sum(term_count) from chunks) from collections""")
        .query((rs, n) -> List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))).single())
        .containsExactly(true, true, true));
  }

  @Test
  void aJobIsClaimedWholeByOneReplicaAndStoredExactlyOnce() throws InterruptedException {
    String tenant = TestIdentities.uniqueTenant("replicas");
    Collection collection = first.getBean(CollectionStore.class).create(tenant, "one-job", "en", null);
    List<DocumentInput> docs = documents("one", 36);
    int expectedChunks = uninterruptedChunks(collection, docs);
    assertThat(expectedChunks).as("some documents make several chunks").isGreaterThan(docs.size());
    double firstBefore = written(first);
    double secondBefore = written(second);

    JobView job = await(first, tenant, first.getBean(IngestionJobs.class).submit(tenant, "one-job", docs, null));

    assertThat(job.state()).isEqualTo("succeeded");
    assertThat(job.succeeded()).isEqualTo(36);
    assertThat(job.failed()).isZero();
    assertThat(stored(tenant)).containsExactly(36L, 36L, (long) expectedChunks, 0L, 36L);
    assertCollectionCountsAreExact(tenant);
    // claimed whole: all 36 written by one replica (its lease renewed while it worked), none by the other
    assertThat(List.of(written(first) - firstBefore, written(second) - secondBefore)).containsExactlyInAnyOrder(36.0, 0.0);
  }

  @Test
  void replicasShareTheQueueJobByJobWithoutDuplicates() throws InterruptedException {
    String tenant = TestIdentities.uniqueTenant("replicas");
    Collection collection = first.getBean(CollectionStore.class).create(tenant, "shared", "en", null);
    List<DocumentInput> docs = documents("shared", 40);
    int expectedChunks = uninterruptedChunks(collection, docs);
    double firstBefore = written(first);
    double secondBefore = written(second);

    // four jobs of ten, submitted to each replica in turn: each submission wakes its own replica's runner
    List<ConfigurableApplicationContext> submittedTo = new ArrayList<>();
    List<JobView> jobs = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      ConfigurableApplicationContext replica = j % 2 == 0 ? first : second;
      submittedTo.add(replica);
      jobs.add(replica.getBean(IngestionJobs.class).submit(tenant, "shared", docs.subList(j * 10, j * 10 + 10), null));
    }
    for (int j = 0; j < 4; j++) {
      JobView done = await(submittedTo.get(j), tenant, jobs.get(j));
      assertThat(done.state()).as("job %d", j).isEqualTo("succeeded");
      assertThat(done.succeeded()).as("job %d", j).isEqualTo(10);
    }

    assertThat(stored(tenant)).containsExactly(40L, 40L, (long) expectedChunks, 0L, 40L);
    assertCollectionCountsAreExact(tenant);
    double byFirst = written(first) - firstBefore;
    double bySecond = written(second) - secondBefore;
    assertThat(byFirst + bySecond).as("every document written once, by one replica").isEqualTo(40.0);
    assertThat(byFirst).as("the first replica claimed work").isPositive();
    assertThat(bySecond).as("the second replica claimed work").isPositive();
    // job by job: each replica wrote whole jobs of ten
    assertThat(List.of(byFirst % 10, bySecond % 10)).containsOnly(0.0);
    assertThat(docs.stream().map(DocumentInput::id).collect(Collectors.toSet())).hasSize(40);
  }
}
