package io.engram.retrieval.ingest;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Where the time of one ingestion job went, stage by stage (reading batches, chunking and analysis,
 * embedding, writing, waiting for the writer), for the job's last log line: the first thing to read when
 * ingestion is slower than the model. With a job observation each timed step is also observed as
 * {@value #STEP} (tag {@code stage}), a span under the job's, from whichever thread runs it.
 */
final class StageTimes {

  static final String STEP = "engram.ingest.step";

  private final Map<String, LongAdder> nanos = new ConcurrentSkipListMap<>();
  private final ObservationRegistry registry;
  private final Observation job;

  StageTimes() {
    this(ObservationRegistry.NOOP, Observation.NOOP);
  }

  StageTimes(ObservationRegistry registry, Observation job) {
    this.registry = registry;
    this.job = job;
  }

  <T> T time(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return Observation.createNotStarted(STEP, registry).parentObservation(job).contextualName("ingest " + stage)
          .lowCardinalityKeyValue("stage", stage).observe(work);
    } finally {
      add(stage, System.nanoTime() - start);
    }
  }

  void add(String stage, long elapsedNanos) {
    nanos.computeIfAbsent(stage, s -> new LongAdder()).add(elapsedNanos);
  }

  /** Each stage with its total time in nanoseconds, by stage name. */
  void forEach(java.util.function.BiConsumer<String, Long> action) {
    nanos.forEach((stage, total) -> action.accept(stage, total.sum()));
  }

  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ");
    nanos.forEach((stage, total) -> out.add(String.format(Locale.ROOT, "%s %.1f s", stage, total.sum() / 1e9)));
    return out.toString();
  }
}
