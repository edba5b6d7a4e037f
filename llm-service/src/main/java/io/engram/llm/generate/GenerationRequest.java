package io.engram.llm.generate;

import io.engram.llm.fusion.PackedContext;
import io.engram.llm.source.HistoryMessage;
import java.util.List;

/**
 * What a generator answers from: the question, earlier turns, the packed context, an output token cap, and
 * whether the caller streams (a model is then called in streaming mode).
 */
public record GenerationRequest(String question, List<HistoryMessage> history, PackedContext context, int maxAnswerTokens,
    boolean stream) {

  public GenerationRequest {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question cannot be null or empty");
    }
    history = List.copyOf(history);
  }
}
