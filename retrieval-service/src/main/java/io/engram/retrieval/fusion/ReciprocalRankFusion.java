package io.engram.retrieval.fusion;

import io.engram.retrieval.recall.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): {@code score = sum over paths of
 * weight / (k + rank)}, with 1-based ranks; scores of the paths are ignored, so no calibration is needed.
 */
public final class ReciprocalRankFusion implements Fusion {

  public static final String NAME = "rrf";

  private final int k;

  public ReciprocalRankFusion(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("illegal rank constant: " + k + ", must be at least 1");
    }
    this.k = k;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<FusedHit> fuse(Map<String, List<Candidate>> lists, Map<String, Double> weights, int limit) {
    List<FusedHit> hits = new ArrayList<>();
    Fusion.byChunk(lists).forEach((chunk, paths) -> {
      double score = 0;
      for (var e : paths.entrySet()) {
        score += weights.getOrDefault(e.getKey(), 1.0) / (k + e.getValue().rank());
      }
      hits.add(new FusedHit(chunk, score, paths, () -> {
        List<String> terms = new ArrayList<>();
        for (var e : paths.entrySet()) {
          double w = weights.getOrDefault(e.getKey(), 1.0);
          terms.add((w == 1.0 ? "" : w + "*") + "1/(" + k + "+" + e.getValue().rank() + ")[" + e.getKey() + "]");
        }
        return "rrf: " + String.join(" + ", terms);
      }));
    });
    return Fusion.ranked(hits, limit);
  }
}
