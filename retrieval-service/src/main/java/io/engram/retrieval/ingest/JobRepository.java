package io.engram.retrieval.ingest;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.chunking.SourceFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Owner of the ingestion queue's tables: {@code ingestion_jobs} (one row per job, with its state, counts
 * and the lease of the runner working on it) and {@code job_documents} (the documents of a job as submitted,
 * each pending, done or failed). {@link IngestionJobs} stores and reads jobs through it, {@link JobRunner}
 * claims, leases and finishes them. Runs inside the caller's tenant transaction (or system context, for the
 * statements that look across tenants).
 */
@Component
class JobRepository {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final int leaseSeconds;

  JobRepository(JdbcClient jdbc, JsonMapper json, RetrievalProperties properties) {
    this.jdbc = jdbc;
    this.json = json;
    this.leaseSeconds = properties.ingest().leaseSeconds();
  }

  /** A job claimed by a runner: it holds the job's lease until it finishes, renews or releases it. */
  record Claim(UUID jobId, String tenantId, long collectionId) {
  }

  /** A document as submitted, with its position in the job and why it cannot be ingested (null when it can). */
  record Submitted(int ordinal, DocumentInput doc, @Nullable String problem) {
  }

  // ---- the API's side: submit and read

  /** Jobs across all tenants waiting and running, and the age of the oldest waiting one (system context). */
  IngestionMeters.QueueState queueState() {
    return jdbc.sql("""
            select count(*) filter (where state = 'queued'), count(*) filter (where state = 'running'),
              coalesce(extract(epoch from now() - min(created_at) filter (where state = 'queued')), 0)
            from ingestion_jobs where state in ('queued', 'running')""")
        .query((rs, row) -> new IngestionMeters.QueueState(rs.getLong(1), rs.getLong(2), rs.getDouble(3))).single();
  }

  /** The job an earlier submission with this idempotency key created. */
  Optional<UUID> byIdempotencyKey(String tenantId, String idempotencyKey) {
    return jdbc.sql("select id from ingestion_jobs where tenant_id = ? and idempotency_key = ?")
        .params(tenantId, idempotencyKey).query(UUID.class).optional();
  }

  /** Stores a queued job with its documents; those with a problem are stored as failed with it. */
  void insert(UUID jobId, String tenantId, long collectionId, @Nullable String idempotencyKey, List<Submitted> documents) {
    jdbc.sql("""
            insert into ingestion_jobs (id, tenant_id, collection_id, idempotency_key, state, total)
            values (?, ?, ?, ?, 'queued', ?)""")
        .params(jobId, tenantId, collectionId, idempotencyKey, documents.size()).update();
    insertDocuments(jobId, tenantId, documents);
    long failed = documents.stream().filter(d -> d.problem() != null).count();
    if (failed > 0) {
      jdbc.sql("update ingestion_jobs set failed = ? where id = ?").params((int) failed, jobId).update();
    }
  }

  private void insertDocuments(UUID jobId, String tenantId, List<Submitted> rows) {
    int n = rows.size();
    Integer[] ordinals = new Integer[n];
    String[] ids = new String[n];
    String[] titles = new String[n];
    String[] bodies = new String[n];
    String[] formats = new String[n];
    String[] metadata = new String[n];
    String[] states = new String[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      DocumentInput doc = rows.get(i).doc();
      String problem = rows.get(i).problem();
      ordinals[i] = rows.get(i).ordinal();
      ids[i] = doc.id() == null ? "" : truncate(doc.id(), IngestionJobs.MAX_ID_LENGTH);
      titles[i] = problem == null ? doc.title() : null;
      bodies[i] = problem == null ? doc.text() : "";
      formats[i] = doc.format().code();
      metadata[i] = problem == null ? json.writeValueAsString(doc.metadataMap()) : "{}";
      states[i] = problem == null ? "pending" : "failed";
      errors[i] = problem;
    }
    jdbc.sql("""
            insert into job_documents (job_id, ordinal, tenant_id, document_id, title, body, format, metadata, state, error)
            select ?, u.ord, ?, u.id, u.title, u.body, u.format, u.meta::jsonb, u.state, u.error
            from unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
              as u(ord, id, title, body, format, meta, state, error)""")
        .params(jobId, tenantId, ordinals, ids, titles, bodies, formats, metadata, states, errors).update();
  }

  private static String truncate(String s, int length) {
    return s.length() <= length ? s : s.substring(0, length);
  }

  /** A job as the API shows it, with up to 1,000 of its failed documents. */
  Optional<JobView> view(String tenantId, UUID jobId) {
    return jdbc.sql("""
            select state, total, succeeded, failed from ingestion_jobs where id = ? and tenant_id = ?""")
        .params(jobId, tenantId)
        .query((rs, row) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)}).optional()
        .map(r -> {
          List<JobView.DocumentError> errors = jdbc.sql("""
                  select document_id, error from job_documents where job_id = ? and tenant_id = ? and state = 'failed'
                  order by ordinal limit 1000""")
              .params(jobId, tenantId)
              .query((rs, row) -> new JobView.DocumentError(rs.getString(1), rs.getString(2))).list();
          int total = (Integer) r[1];
          int succeeded = (Integer) r[2];
          int failed = (Integer) r[3];
          return new JobView(jobId, (String) r[0], total, succeeded, failed,
              total == 0 ? 1.0 : (double) (succeeded + failed) / total, errors);
        });
  }

  /** Jobs of a collection that are queued or running, oldest first. */
  List<UUID> openJobs(String tenantId, String collectionName) {
    return jdbc.sql("""
            select j.id from ingestion_jobs j join collections c on c.id = j.collection_id
            where j.tenant_id = ? and c.name = ? and j.state in ('queued', 'running') order by j.created_at""")
        .params(tenantId, collectionName).query(UUID.class).list();
  }

  // ---- the runner's side: claim, lease, work, finish

  /**
   * Claims the oldest queued job, or a running one whose lease ran out (its runner died), with
   * {@code FOR UPDATE SKIP LOCKED}, so that runners sharing the table never claim one job together (system context).
   */
  Optional<Claim> claim() {
    return jdbc.sql("""
            update ingestion_jobs set state = 'running', lease_until = now() + make_interval(secs => ?), updated_at = now()
            where id = (select id from ingestion_jobs
                        where state = 'queued' or (state = 'running' and lease_until < now())
                        order by created_at limit 1 for update skip locked)
            returning id, tenant_id, collection_id""")
        .param(leaseSeconds)
        .query((rs, row) -> new Claim(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3))).optional();
  }

  /** Renews the lease of a job still running: the heartbeat of a runner at work. */
  void renewLease(Claim job) {
    jdbc.sql("""
            update ingestion_jobs set lease_until = now() + make_interval(secs => ?)
            where id = ? and tenant_id = ? and state = 'running'""")
        .params(leaseSeconds, job.jobId(), job.tenantId()).update();
  }

  /** Ends the lease now, so that another runner resumes the job at once (a graceful stop). */
  void release(Claim job) {
    jdbc.sql("update ingestion_jobs set lease_until = now() where id = ? and tenant_id = ?")
        .params(job.jobId(), job.tenantId()).update();
  }

  /**
   * Extends the lease and reads the job's next pending documents after {@code afterOrdinal}: at most
   * {@code batchSize}, and as many as fit {@code batchChars} of title and body (at least one).
   */
  List<JobDocument> nextBatch(Claim job, int afterOrdinal, int batchSize, int batchChars) {
    jdbc.sql("update ingestion_jobs set lease_until = now() + make_interval(secs => ?) where id = ? and tenant_id = ?")
        .params(leaseSeconds, job.jobId(), job.tenantId()).update();
    return jdbc.sql("""
            select ordinal, document_id, title, body, format, metadata from (
              select ordinal, document_id, title, body, format, metadata::text as metadata,
                sum(length(body) + coalesce(length(title), 0)) over (order by ordinal) as upto,
                length(body) + coalesce(length(title), 0) as size
              from job_documents
              where job_id = ? and tenant_id = ? and state = 'pending' and ordinal > ?
              order by ordinal limit ?) d
            where upto - size < ? order by ordinal""")
        .params(job.jobId(), job.tenantId(), afterOrdinal, batchSize, batchChars)
        .query((rs, row) -> new JobDocument(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
            SourceFormat.of(rs.getString(5)), json.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() { })))
        .list();
  }

  /** Marks pending documents done and counts them as succeeded; extends the lease. */
  void markDone(Claim job, List<Integer> ordinals) {
    if (ordinals.isEmpty()) {
      return;
    }
    int updated = jdbc.sql("""
            update job_documents set state = 'done' where job_id = ? and tenant_id = ? and state = 'pending' and ordinal = any(?)""")
        .params(job.jobId(), job.tenantId(), ordinals.toArray(Integer[]::new)).update();
    jdbc.sql("""
            update ingestion_jobs set succeeded = succeeded + ?, updated_at = now(),
              lease_until = now() + make_interval(secs => ?) where id = ? and tenant_id = ?""")
        .params(updated, leaseSeconds, job.jobId(), job.tenantId()).update();
  }

  /** Marks pending documents failed, each with its reason (by ordinal), and counts them. */
  void markFailed(Claim job, Map<Integer, String> failures) {
    int updated = 0;
    for (Map.Entry<Integer, String> failure : failures.entrySet()) {
      updated += jdbc.sql("""
              update job_documents set state = 'failed', error = ? where job_id = ? and tenant_id = ? and ordinal = ? and state = 'pending'""")
          .params(failure.getValue(), job.jobId(), job.tenantId(), failure.getKey()).update();
    }
    if (updated > 0) {
      jdbc.sql("update ingestion_jobs set failed = failed + ? where id = ? and tenant_id = ?")
          .params(updated, job.jobId(), job.tenantId()).update();
    }
  }

  /**
   * Finishes a job with no pending document left: failed when it holds documents and none was stored,
   * succeeded otherwise. A job with pending documents stays as it is.
   */
  void finish(Claim job) {
    jdbc.sql("""
            update ingestion_jobs set state = case when succeeded = 0 and total > 0 then 'failed' else 'succeeded' end,
              lease_until = null, updated_at = now()
            where id = ? and tenant_id = ? and not exists (
              select 1 from job_documents where job_id = ? and tenant_id = ? and state = 'pending')""")
        .params(job.jobId(), job.tenantId(), job.jobId(), job.tenantId()).update();
  }
}
