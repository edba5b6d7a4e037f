package io.engram.llm.answer;

import io.engram.llm.source.HistoryMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A question to answer from the named collections and memory namespace. {@code mode} is {@code fast}
 * (one retrieval round) or {@code deep} (iterative search); {@code stream} asks for server-sent events.
 */
public record AnswerRequest(@Nullable String question, @Nullable List<String> collections,
    @Nullable String memoryNamespace, @Nullable List<HistoryMessage> history, @Nullable String mode,
    @Nullable Boolean stream, @Nullable Budget budget) {

  /**
   * Budget options, each optional: tokens of context, tokens of answer, hits per search and per recall,
   * and the deep-search limits (rounds, wall time in ms, tokens).
   */
  @io.swagger.v3.oas.annotations.media.Schema(name = "AnswerBudget")
  public record Budget(@Nullable Integer contextTokens, @Nullable Integer maxAnswerTokens, @Nullable Integer topK,
      @Nullable Integer memoryTopK, @Nullable Integer maxRounds, @Nullable Integer maxWallMs,
      @Nullable Integer maxTokens) {
  }
}
