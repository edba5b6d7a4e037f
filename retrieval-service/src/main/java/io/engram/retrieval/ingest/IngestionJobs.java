package io.engram.retrieval.ingest;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.RetrievalProperties;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts documents for ingestion as a durable job: the job and every document are stored in one
 * transaction before the caller gets the job id, so nothing accepted is lost if the process dies; the
 * {@link JobRunner} does the work. A document that is invalid on its own (no id, no text, metadata not an
 * object, NUL characters) is stored as failed with the reason, and the others go on. An idempotency key
 * makes a retried submission return the first job instead of creating a second one. Also removes documents.
 */
@Service
public class IngestionJobs {

  static final int MAX_ID_LENGTH = 512;

  private final JdbcClient jdbc;
  private final TenantTransactions tenants;
  private final CollectionStore collections;
  private final DocumentStore store;
  private final JsonMapper json;
  private final int maxDocuments;
  private final JobRunner runner;

  IngestionJobs(JdbcClient jdbc, TenantTransactions tenants, CollectionStore collections, DocumentStore store,
      JsonMapper json, RetrievalProperties properties, JobRunner runner, IngestionMeters meters) {
    this.runner = runner;
    this.jdbc = jdbc;
    this.tenants = tenants;
    this.collections = collections;
    this.store = store;
    this.json = json;
    this.maxDocuments = properties.ingest().maxDocumentsPerRequest();
    meters.queue(this::queueState);
  }

  /** Jobs across all tenants waiting and running, and the age of the oldest waiting one: the queue gauges. */
  IngestionMeters.QueueState queueState() {
    return tenants.asSystem(() -> jdbc.sql("""
            select count(*) filter (where state = 'queued'), count(*) filter (where state = 'running'),
              coalesce(extract(epoch from now() - min(created_at) filter (where state = 'queued')), 0)
            from ingestion_jobs where state in ('queued', 'running')""")
        .query((rs, row) -> new IngestionMeters.QueueState(rs.getLong(1), rs.getLong(2), rs.getDouble(3))).single());
  }

  public JobView submit(String tenantId, String collectionName, List<DocumentInput> documents, String idempotencyKey) {
    if (documents == null || documents.isEmpty()) {
      throw ProblemException.badRequest("no-documents", "The request holds no documents.");
    }
    if (documents.size() > maxDocuments) {
      throw ProblemException.badRequest("too-many-documents",
          "At most " + maxDocuments + " documents per request; this one has " + documents.size() + ".");
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 256)) {
      throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency keys are 1 to 256 characters.");
    }
    JobView job = tenants.inTenant(tenantId, () -> {
      Collection collection = collections.find(tenantId, collectionName).orElseThrow(() -> CollectionStore.notFound(collectionName));
      if (idempotencyKey != null) {
        Optional<UUID> earlier = jdbc.sql("select id from ingestion_jobs where tenant_id = ? and idempotency_key = ?")
            .params(tenantId, idempotencyKey).query(UUID.class).optional();
        if (earlier.isPresent()) {
          return view(tenantId, earlier.get()).orElseThrow();
        }
      }
      UUID jobId = UUID.randomUUID();
      jdbc.sql("""
              insert into ingestion_jobs (id, tenant_id, collection_id, idempotency_key, state, total)
              values (?, ?, ?, ?, 'queued', ?)""")
          .params(jobId, tenantId, collection.id(), idempotencyKey, documents.size()).update();
      int failed = 0;
      int ordinal = 0;
      List<Object[]> rows = new ArrayList<>();
      for (DocumentInput doc : documents) {
        String problem = problem(doc);
        failed += problem == null ? 0 : 1;
        rows.add(new Object[] {ordinal++, problem, doc});
      }
      insertDocuments(jobId, tenantId, rows);
      if (failed > 0) {
        jdbc.sql("update ingestion_jobs set failed = ? where id = ?").params(failed, jobId).update();
      }
      return view(tenantId, jobId).orElseThrow();
    });
    runner.wake();
    return job;
  }

  private void insertDocuments(UUID jobId, String tenantId, List<Object[]> rows) {
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
      DocumentInput doc = (DocumentInput) rows.get(i)[2];
      String problem = (String) rows.get(i)[1];
      ordinals[i] = (Integer) rows.get(i)[0];
      ids[i] = doc.id() == null ? "" : truncate(doc.id(), MAX_ID_LENGTH);
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

  /** Why a document cannot be ingested, or null when it can. */
  static String problem(DocumentInput doc) {
    if (doc.id() == null || doc.id().isBlank()) {
      return "id is missing";
    }
    if (doc.id().length() > MAX_ID_LENGTH) {
      return "id is longer than " + MAX_ID_LENGTH + " characters";
    }
    if (doc.text() == null || doc.text().isBlank()) {
      return "text is missing or blank";
    }
    if (doc.metadata() != null && !(doc.metadata() instanceof Map<?, ?>)) {
      return "metadata must be a JSON object";
    }
    if (hasNul(doc.id()) || hasNul(doc.title()) || hasNul(doc.text())) {
      return "contains NUL characters";
    }
    if (doc.metadata() != null && hasNul(String.valueOf(doc.metadata()))) {
      return "metadata contains NUL characters";
    }
    return null;
  }

  private static boolean hasNul(String s) {
    return s != null && s.indexOf('\0') >= 0;
  }

  private static String truncate(String s, int length) {
    return s.length() <= length ? s : s.substring(0, length);
  }

  public Optional<JobView> view(String tenantId, UUID jobId) {
    return tenants.inTenant(tenantId, () -> jdbc.sql("""
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
        }));
  }

  /** Jobs of a collection that are queued or running, oldest first. */
  public List<UUID> openJobs(String tenantId, String collectionName) {
    return tenants.inTenant(tenantId, () -> jdbc.sql("""
            select j.id from ingestion_jobs j join collections c on c.id = j.collection_id
            where j.tenant_id = ? and c.name = ? and j.state in ('queued', 'running') order by j.created_at""")
        .params(tenantId, collectionName).query(UUID.class).list());
  }

  /** Removes one document (chunks and postings with it); 404 problems for an unknown collection or document. */
  public void deleteDocument(String tenantId, String collectionName, String documentId) {
    boolean deleted = tenants.inTenant(tenantId, () -> {
      Collection collection = collections.find(tenantId, collectionName).orElseThrow(() -> CollectionStore.notFound(collectionName));
      return store.delete(collection, documentId);
    });
    if (!deleted) {
      throw ProblemException.notFound("document-not-found", "No document '" + documentId + "' in collection '" + collectionName + "'.");
    }
  }
}
