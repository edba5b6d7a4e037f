package io.engram.retrieval.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingestion's meters: documents by outcome ({@code engram.ingest.documents}, outcome = written, unchanged,
 * failed) and chunks written ({@code engram.ingest.chunks}), whose rates are documents and chunks per second;
 * the time of each stage of a job ({@code engram.ingest.stage}, stage = read batch, chunk+analyze, embed, ...);
 * and the queue: jobs waiting and running ({@code engram.ingest.queue.depth}, state = queued, running) and the
 * age of the oldest waiting job ({@code engram.ingest.queue.oldest.age}, seconds), read from the table at most
 * once a second whatever the scrape rate.
 */
@Component
class IngestionMeters {

  /** Jobs across all tenants: waiting, running, and how long the oldest waiting one has waited. */
  record QueueState(long queued, long running, double oldestQueuedSeconds) {
    static final QueueState UNKNOWN = new QueueState(-1, -1, -1);
  }

  private static final Logger log = LoggerFactory.getLogger(IngestionMeters.class);
  private static final long QUEUE_READ_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final MeterRegistry registry;
  private final Counter written;
  private final Counter unchanged;
  private final Counter failed;
  private final Counter chunks;
  private volatile QueueState lastQueue = QueueState.UNKNOWN;
  private volatile long lastQueueRead;

  IngestionMeters(MeterRegistry registry) {
    this.registry = registry;
    this.written = documents("written");
    this.unchanged = documents("unchanged");
    this.failed = documents("failed");
    this.chunks = Counter.builder("engram.ingest.chunks").description("Chunks written by ingestion").register(registry);
  }

  private Counter documents(String outcome) {
    return Counter.builder("engram.ingest.documents").description("Documents ingested, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  void batch(int writtenDocuments, int unchangedDocuments, int failedDocuments, int writtenChunks) {
    written.increment(writtenDocuments);
    unchanged.increment(unchangedDocuments);
    failed.increment(failedDocuments);
    chunks.increment(writtenChunks);
  }

  /** Adds a finished job's time per stage. */
  void stages(StageTimes times) {
    times.forEach((stage, nanos) -> Timer.builder("engram.ingest.stage").description("Time of ingestion stages")
        .tag("stage", stage).register(registry).record(nanos, TimeUnit.NANOSECONDS));
  }

  /** Registers the queue gauges over {@code read} (a query across tenants). */
  void queue(Supplier<QueueState> read) {
    Supplier<QueueState> cached = () -> {
      long now = System.nanoTime();
      if (now - lastQueueRead > QUEUE_READ_EVERY_NANOS) {
        lastQueueRead = now;
        try {
          lastQueue = read.get();
        } catch (RuntimeException e) {
          // the database is away: the gauges say "unknown" (NaN) rather than a stale or invented number
          log.debug("ingestion queue not readable: {}", e.toString());
          lastQueue = QueueState.UNKNOWN;
        }
      }
      return lastQueue;
    };
    Gauge.builder("engram.ingest.queue.depth", () -> nanIfUnknown(cached.get().queued())).tag("state", "queued")
        .description("Ingestion jobs waiting for a runner").register(registry);
    Gauge.builder("engram.ingest.queue.depth", () -> nanIfUnknown(cached.get().running())).tag("state", "running")
        .description("Ingestion jobs being run").register(registry);
    Gauge.builder("engram.ingest.queue.oldest.age", () -> nanIfUnknown(cached.get().oldestQueuedSeconds()))
        .baseUnit("seconds").description("How long the oldest waiting ingestion job has waited").register(registry);
  }

  private static double nanIfUnknown(double value) {
    return value < 0 ? Double.NaN : value;
  }
}
