package io.engram.llm.answer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Defaults and legal ranges of the answer budgets; a request outside a range is a 400 problem that names
 * the range.
 */
@ConfigurationProperties("engram.llm.answers")
public record AnswerLimits(Integer contextTokens, Integer maxAnswerTokens, Integer topK, Integer memoryTopK,
    Integer maxRounds, Integer maxWallMs, Integer maxTokens, Integer queriesPerRound) {

  public AnswerLimits {
    contextTokens = contextTokens == null ? 3000 : contextTokens;
    maxAnswerTokens = maxAnswerTokens == null ? 512 : maxAnswerTokens;
    topK = topK == null ? 10 : topK;
    memoryTopK = memoryTopK == null ? 5 : memoryTopK;
    maxRounds = maxRounds == null ? 3 : maxRounds;
    maxWallMs = maxWallMs == null ? 20_000 : maxWallMs;
    maxTokens = maxTokens == null ? 20_000 : maxTokens;
    queriesPerRound = queriesPerRound == null ? 2 : queriesPerRound;
  }

  static final int[] CONTEXT_TOKENS = {64, 128_000};
  static final int[] ANSWER_TOKENS = {16, 16_384};
  static final int[] TOP_K = {1, 100};
  static final int[] ROUNDS = {1, 8};
  static final int[] WALL_MS = {100, 300_000};
  static final int[] TOKENS = {100, 2_000_000};
  static final int MAX_QUESTION_CHARS = 8_000;
  static final int MAX_HISTORY = 50;
  static final int MAX_HISTORY_CHARS = 32_000;
  static final int MAX_COLLECTIONS = 10;
}
