package io.engram.retrieval.ingest;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.recall.PackedPostings;
import io.engram.retrieval.RetrievalProperties;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

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

  private final JobRepository repository;
  private final TenantTransactions tenants;
  private final CollectionStore collections;
  private final DocumentStore store;
  private final int maxDocuments;
  private final JobRunner runner;
  private final PackedPostings packed;

  IngestionJobs(JobRepository repository, TenantTransactions tenants, CollectionStore collections, DocumentStore store,
      RetrievalProperties properties, JobRunner runner, IngestionMeters meters, PackedPostings packed) {
    this.packed = packed;
    this.runner = runner;
    this.repository = repository;
    this.tenants = tenants;
    this.collections = collections;
    this.store = store;
    this.maxDocuments = properties.ingest().maxDocumentsPerRequest();
    meters.queue(this::queueState);
  }

  /** Jobs across all tenants waiting and running, and the age of the oldest waiting one: the queue gauges. */
  IngestionMeters.QueueState queueState() {
    return tenants.asSystem(repository::queueState);
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
        Optional<UUID> earlier = repository.byIdempotencyKey(tenantId, idempotencyKey);
        if (earlier.isPresent()) {
          return repository.view(tenantId, earlier.get()).orElseThrow();
        }
      }
      UUID jobId = UUID.randomUUID();
      List<JobRepository.Submitted> rows = new ArrayList<>();
      int ordinal = 0;
      for (DocumentInput doc : documents) {
        rows.add(new JobRepository.Submitted(ordinal++, doc, problem(doc)));
      }
      repository.insert(jobId, tenantId, collection.id(), idempotencyKey, rows);
      return repository.view(tenantId, jobId).orElseThrow();
    });
    runner.wake();
    return job;
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

  public Optional<JobView> view(String tenantId, UUID jobId) {
    return tenants.inTenant(tenantId, () -> repository.view(tenantId, jobId));
  }

  /** Jobs of a collection that are queued or running, oldest first. */
  public List<UUID> openJobs(String tenantId, String collectionName) {
    return tenants.inTenant(tenantId, () -> repository.openJobs(tenantId, collectionName));
  }

  /** Removes one document (chunks and postings with it); 404 problems for an unknown collection or document. */
  public void deleteDocument(String tenantId, String collectionName, String documentId) {
    Collection deletedFrom = tenants.inTenant(tenantId, () -> {
      Collection collection = collections.find(tenantId, collectionName).orElseThrow(() -> CollectionStore.notFound(collectionName));
      return store.delete(collection, documentId) ? collection : null;
    });
    if (deletedFrom == null) {
      throw ProblemException.notFound("document-not-found", "No document '" + documentId + "' in collection '" + collectionName + "'.");
    }
    packed.packSoon(deletedFrom); // the common terms of the document's chunks went stale
  }
}
