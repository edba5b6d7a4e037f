package io.engram.retrieval.ingest;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.ingest.JobRepository.Claim;
import io.engram.retrieval.recall.PackedPostings;
import io.engram.support.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs ingestion jobs from the table: claims the oldest queued job (or a running one whose lease ran out,
 * i.e. whose runner died) with {@code FOR UPDATE SKIP LOCKED}, then works through its pending documents in
 * batches. Each batch is chunked and embedded while the previous one is being written, and written in one
 * tenant transaction together with its documents' new states and the job's counts, so after a crash the
 * job resumes from exactly the documents not yet written: none is lost, none is stored twice. Each job run
 * is observed as {@value #JOB} (a trace of its own), its steps as {@code engram.ingest.step} spans under it.
 */
@Component
public class JobRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  private static final int ANALYZE_AFTER_CHUNKS = 500;
  static final String JOB = "engram.ingest.job";

  private final JobRepository jobs;
  private final TenantTransactions tenants;
  private final CollectionStore collections;
  private final DocumentPreparer preparer;
  private final DocumentStore store;
  private final PackedPostings packed;
  private final RetrievalProperties.Ingest settings;
  private final IngestionMeters meters;
  private final ObservationRegistry observations;
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean running;
  private volatile Thread loop;

  JobRunner(JobRepository jobs, TenantTransactions tenants, CollectionStore collections, DocumentPreparer preparer,
      DocumentStore store, PackedPostings packed, RetrievalProperties properties, IngestionMeters meters,
      org.springframework.beans.factory.ObjectProvider<ObservationRegistry> observations) {
    this.packed = packed;
    this.meters = meters;
    this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    this.jobs = jobs;
    this.tenants = tenants;
    this.collections = collections;
    this.preparer = preparer;
    this.store = store;
    this.settings = properties.ingest();
  }

  @Override
  public synchronized void start() {
    if (running || !settings.enabled()) {
      return;
    }
    running = true;
    loop = Thread.ofVirtual().name("ingestion-runner").start(this::run);
  }

  /** Stops after the batch in progress; a job left running is resumed by the next runner after its lease. */
  @Override
  public synchronized void stop() {
    running = false;
    Thread thread = loop;
    if (thread != null) {
      wakeUp.release();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Tells the runner that a job was queued, so it does not wait for its next poll. */
  public void wake() {
    wakeUp.release();
  }

  private void run() {
    while (running) {
      try {
        Optional<Claim> claim = claim();
        if (claim.isPresent()) {
          process(claim.get());
        } else {
          wakeUp.tryAcquire(settings.pollMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("ingestion runner step failed; retrying", e);
        sleep();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(settings.pollMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<Claim> claim() {
    return tenants.asSystem(jobs::claim);
  }

  private void process(Claim job) throws InterruptedException {
    Observation observation = Observation.createNotStarted(JOB, observations).contextualName("ingest job")
        .highCardinalityKeyValue("engram.job.id", job.jobId().toString()).start();
    try (Observation.Scope scope = observation.openScope()) {
      process(job, new StageTimes(observations, observation));
    } catch (RuntimeException | InterruptedException e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  private void process(Claim job, StageTimes times) throws InterruptedException {
    String tenant = job.tenantId();
    Optional<Collection> found = collections.find(tenant, job.collectionId());
    if (found.isEmpty()) {
      return; // the collection was deleted; its jobs went with it
    }
    Collection collection = found.get();
    log.info("ingestion job {} of tenant {} into collection {} started", job.jobId(), tenant, collection.name());
    int lastOrdinal = -1;
    int chunksWritten = 0;
    // renew the lease while working: one slow batch (a big document, a crowded CPU) must not look like a dead runner
    Thread heartbeat = Thread.ofVirtual().name("ingestion-lease").start(() -> renewLease(job));
    try (ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("ingestion-writer").factory())) {
      Future<Integer> pendingWrite = null;
      while (running) {
        int after = lastOrdinal;
        List<JobDocument> batch = times.time("read batch", () -> nextBatch(job, after));
        if (batch.isEmpty()) {
          break;
        }
        lastOrdinal = batch.getLast().ordinal();
        Map<String, String> existing = times.time("read batch", () -> tenants.inTenant(tenant,
            () -> store.existingHashes(collection, batch.stream().map(JobDocument::documentId).toList())));
        List<JobDocument> changed = new ArrayList<>();
        List<Integer> unchanged = new ArrayList<>();
        for (JobDocument doc : batch) {
          if (preparer.hash(doc).equals(existing.get(doc.documentId()))) {
            unchanged.add(doc.ordinal());
          } else {
            changed.add(doc);
          }
        }
        Map<Integer, String> failures = new HashMap<>();
        List<PreparedDocument> prepared;
        try {
          prepared = preparer.prepare(collection, changed, (doc, message) -> failures.put(doc.ordinal(), message), times);
        } catch (RuntimeException e) {
          if (!running) {
            throw e; // shutting down (the model may be closed): the next runner redoes the batch, no document failed
          }
          // the model failed on the batch as a whole: prepare documents one by one to find the bad one
          prepared = new ArrayList<>();
          for (JobDocument doc : changed) {
            try {
              prepared.addAll(preparer.prepare(collection, List.of(doc), (d, m) -> failures.put(d.ordinal(), m)));
            } catch (RuntimeException single) {
              failures.put(doc.ordinal(), "cannot be embedded: " + single.getMessage());
            }
          }
        }
        chunksWritten += prepared.stream().mapToInt(p -> p.chunks().size()).sum();
        long waited = System.nanoTime();
        await(pendingWrite);
        times.add("wait for writer", System.nanoTime() - waited);
        List<PreparedDocument> toWrite = prepared;
        pendingWrite = writer.submit(() -> times.time("write (overlapped)", () -> write(job, collection, toWrite, unchanged, failures)));
      }
      long waited = System.nanoTime();
      await(pendingWrite);
      times.add("wait for writer", System.nanoTime() - waited);
    } finally {
      heartbeat.interrupt();
      heartbeat.join();
    }
    if (!running) {
      // a graceful stop hands the job over at once; a crash leaves it to the lease
      tenants.runInTenant(tenant, () -> jobs.release(job));
      log.info("ingestion job {} paused by shutdown; another runner resumes it", job.jobId());
      return;
    }
    if (chunksWritten >= ANALYZE_AFTER_CHUNKS) {
      // fresh statistics keep the planner on the indexes after a bulk load (see STACK.md); before the job
      // reads as finished, so that a client searching as soon as it sees "succeeded" does not meet stale ones
      long analyzing = System.nanoTime();
      store.analyze();
      times.add("analyze", System.nanoTime() - analyzing);
    }
    // the common terms this job changed are packed again (their blocks went stale with the job's first write)
    // (a copy for speed: a failure is logged, the job's result stands and searches read the postings themselves)
    long packing = System.nanoTime();
    try {
      packed.pack(collection);
    } catch (RuntimeException e) {
      log.warn("ingestion job {}: packing the postings of collection {} failed: {}", job.jobId(), collection.id(), e.toString());
    }
    times.add("pack", System.nanoTime() - packing);
    tenants.runInTenant(tenant, () -> jobs.finish(job));
    log.info("ingestion job {} finished ({} chunks written; {})", job.jobId(), chunksWritten, times);
    meters.stages(times);
  }

  private void renewLease(Claim job) {
    long every = Math.max(1, settings.leaseSeconds() * 1000L / 3);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(every);
        tenants.runInTenant(job.tenantId(), () -> jobs.renewLease(job));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("could not renew the lease of job {}: {}", job.jobId(), e.getMessage());
      }
    }
  }

  private static void await(Future<Integer> write) throws InterruptedException {
    if (write == null) {
      return;
    }
    try {
      write.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("writing a batch failed", e.getCause());
    }
  }

  private List<JobDocument> nextBatch(Claim job, int afterOrdinal) {
    return tenants.inTenant(job.tenantId(), () -> jobs.nextBatch(job, afterOrdinal, settings.batchSize(), settings.batchChars()));
  }

  private int write(Claim job, Collection collection, List<PreparedDocument> prepared, List<Integer> unchanged,
      Map<Integer, String> failures) {
    try {
      tenants.runInTenant(job.tenantId(), () -> {
        store.write(collection, prepared);
        List<Integer> done = new ArrayList<>(unchanged);
        prepared.forEach(p -> done.add(p.ordinal()));
        jobs.markDone(job, done);
        jobs.markFailed(job, failures);
      });
      meters.batch(prepared.size(), unchanged.size(), failures.size(), chunks(prepared));
    } catch (RuntimeException e) {
      log.warn("batch of job {} failed as a whole ({}); writing its documents one by one", job.jobId(), e.getMessage());
      markDoneOrFailedOneByOne(job, collection, prepared, unchanged, failures);
    }
    return prepared.size();
  }

  private void markDoneOrFailedOneByOne(Claim job, Collection collection, List<PreparedDocument> prepared,
      List<Integer> unchanged, Map<Integer, String> failures) {
    tenants.runInTenant(job.tenantId(), () -> {
      jobs.markDone(job, unchanged);
      jobs.markFailed(job, failures);
    });
    meters.batch(0, unchanged.size(), failures.size(), 0);
    for (PreparedDocument doc : prepared) {
      try {
        tenants.runInTenant(job.tenantId(), () -> {
          store.write(collection, List.of(doc));
          jobs.markDone(job, List.of(doc.ordinal()));
        });
        meters.batch(1, 0, 0, doc.chunks().size());
      } catch (RuntimeException e) {
        tenants.runInTenant(job.tenantId(), () -> jobs.markFailed(job, Map.of(doc.ordinal(), "cannot be stored: " + e.getMessage())));
        meters.batch(0, 0, 1, 0);
      }
    }
  }

  private static int chunks(List<PreparedDocument> prepared) {
    return prepared.stream().mapToInt(p -> p.chunks().size()).sum();
  }

  @Override
  public int getPhase() {
    // stop before the data source closes
    return Integer.MAX_VALUE - 1000;
  }
}
