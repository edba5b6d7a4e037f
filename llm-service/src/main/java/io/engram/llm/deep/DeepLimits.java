package io.engram.llm.deep;

import java.time.Duration;

/**
 * Hard limits of one deep search: rounds of retrieval, wall time, and tokens (passage text read plus
 * reflection prompts and replies, counted with the service's tokenizer). The loop checks all three before
 * every round and never starts work past them.
 */
public record DeepLimits(int maxRounds, Duration maxWall, int maxTokens, int queriesPerRound) {

  public DeepLimits {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("illegal maxRounds: " + maxRounds + ", must be >= 1");
    }
    if (maxWall == null || maxWall.isNegative() || maxWall.isZero()) {
      throw new IllegalArgumentException("illegal maxWall: " + maxWall + ", must be positive");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("illegal maxTokens: " + maxTokens + ", must be >= 1");
    }
    if (queriesPerRound < 1) {
      throw new IllegalArgumentException("illegal queriesPerRound: " + queriesPerRound + ", must be >= 1");
    }
  }
}
