package io.engram.llm.generate;

import java.util.function.Consumer;

/**
 * Writes an answer from a packed context. {@code tokens} receives the answer's text as it is produced
 * (pieces concatenate to {@link GeneratedAnswer#text()}); {@code cancelled} is polled so that a client
 * that went away stops the work.
 */
public interface AnswerGenerator {

  GeneratedAnswer generate(GenerationRequest request, Consumer<String> tokens, java.util.function.BooleanSupplier cancelled);

  /** Name shown as {@code generator} in answers. */
  String name();
}
