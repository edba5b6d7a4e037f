package io.engram.retrieval.fusion;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A chunk after fusion: the fused score, each path's rank and score, and how the fused score was built
 * (for {@code explain}). The formula is written out only when asked for: a search fuses a few hundred
 * candidates and explains at most topK of them, and only with {@code explain=true}.
 */
public record FusedHit(long chunkId, double score, Map<String, PathScore> paths, Supplier<String> explanation) {

  /** A human-readable formula of the fused score, e.g. {@code rrf: 1/(60+1)[bm25] + 1/(60+3)[dense]}. */
  public String formula() {
    return explanation.get();
  }
}
