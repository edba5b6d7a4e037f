package io.engram.llm.answer;

import io.engram.llm.gather.StageTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Answering's meters, read from the finished answer's own trace (so they always agree with it):
 * {@code engram.answer.stage} (timer; stage = retrieval, memory, deep-search, fusion, generation; outcome),
 * {@code engram.answer.tokens} (counter; generator, kind = context, prompt, completion),
 * {@code engram.answers} (counter; mode, grounded, degraded), and for deep search {@code engram.deep.rounds}
 * (distribution of rounds per answer) and {@code engram.deep.stops} (counter; reason). Every tag has a
 * bounded set of values ({@link #bounded}).
 */
public class AnswerMeters {

  private final MeterRegistry registry;

  public AnswerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(AnswerResponse answer) {
    for (StageTrace stage : answer.trace().stages()) {
      Timer.builder("engram.answer.stage").description("Time of the stages of answering")
          .tag("stage", stage.stage()).tag("outcome", bounded(stage.outcome()))
          .register(registry).record(Duration.ofMillis(stage.tookMs()));
    }
    tokens(answer.generator(), "context", answer.usage().contextTokens());
    tokens(answer.generator(), "prompt", answer.usage().promptTokens());
    tokens(answer.generator(), "completion", answer.usage().completionTokens());
    Counter.builder("engram.answers").description("Answers given").tag("mode", answer.mode())
        .tag("grounded", Boolean.toString(answer.grounded())).tag("degraded", Boolean.toString(answer.degraded()))
        .register(registry).increment();
    AnswerResponse.Deep deep = answer.trace().deep();
    if (deep != null) {
      DistributionSummary.builder("engram.deep.rounds").description("Deep-search rounds per answer")
          .register(registry).record(deep.rounds().size());
      Counter.builder("engram.deep.stops").description("Why deep search stopped")
          .tag("reason", bounded(deep.stopReason())).register(registry).increment();
    }
  }

  private void tokens(String generator, String kind, int tokens) {
    Counter.builder("engram.answer.tokens").description("Tokens of answers, by generator").baseUnit("tokens")
        .tag("generator", generator).tag("kind", kind).register(registry).increment(Math.max(0, tokens));
  }

  /** Stop reasons deep search states in fixed words; anything else is the planner's own reason. */
  private static final java.util.Set<String> KNOWN = java.util.Set.of("cancelled", "no source answered",
      "round brought no new passages", "last round allowed", "no time left", "token limit reached while reading",
      "ok", "timeout", "failed", "grounded", "not-supported");

  /**
   * An outcome or stop reason from a closed set: limits lose their numbers ("limit: wall time (20000 ms)" is
   * "limit: wall time"), a planner's free-text reason is "planner", anything else "other".
   */
  static String bounded(String reason) {
    if (reason == null || reason.isBlank()) {
      return "none";
    }
    String r = reason.strip().toLowerCase(Locale.ROOT);
    if (r.startsWith("stop: ")) {
      r = r.substring(6);
    }
    if (r.startsWith("limit: ")) {
      int cut = r.indexOf('(');
      return (cut < 0 ? r : r.substring(0, cut)).strip();
    }
    if (KNOWN.contains(r)) {
      return r;
    }
    return r.startsWith("continue") ? "other" : "planner";
  }
}
