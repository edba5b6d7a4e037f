package io.engram.llm.generate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A generator whose every generation is observed as {@value #GENERATION} (tag {@code generator}): a timer,
 * and a span of the answer's trace around the model call (whose own client span, for a remote model, is its
 * child).
 */
public final class ObservedAnswerGenerator implements AnswerGenerator {

  public static final String GENERATION = "engram.answer.generation";

  private final AnswerGenerator delegate;
  private final ObservationRegistry observations;

  public ObservedAnswerGenerator(AnswerGenerator delegate, ObservationRegistry observations) {
    this.delegate = delegate;
    this.observations = observations;
  }

  /** The generator that does the work. */
  public AnswerGenerator delegate() {
    return delegate;
  }

  @Override
  public GeneratedAnswer generate(GenerationRequest request, Consumer<String> tokens, BooleanSupplier cancelled) {
    return Observation.createNotStarted(GENERATION, observations).contextualName("answer generation")
        .lowCardinalityKeyValue("generator", delegate.name())
        .observe(() -> delegate.generate(request, tokens, cancelled));
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
