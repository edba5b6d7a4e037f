package io.engram.retrieval.fusion;

import io.engram.retrieval.recall.Candidate;
import io.engram.support.ranking.ReciprocalRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): {@code score = sum over paths of
 * weight / (k + rank)}, with 1-based ranks; scores of the paths are ignored, so no calibration is needed.
 * The formula and its constant's check are service-support's {@link ReciprocalRank}, shared with the
 * llm-service's context fusion; this class adds the paths and the explanation.
 */
public final class ReciprocalRankFusion implements Fusion {

  public static final String NAME = "rrf";

  private final ReciprocalRank rrf;

  public ReciprocalRankFusion(int k) {
    this.rrf = new ReciprocalRank(k);
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
        score += rrf.contribution(weights.getOrDefault(e.getKey(), 1.0), e.getValue().rank());
      }
      hits.add(new FusedHit(chunk, score, paths, () -> {
        List<String> terms = new ArrayList<>();
        for (var e : paths.entrySet()) {
          terms.add(rrf.explain(weights.getOrDefault(e.getKey(), 1.0), e.getValue().rank(), e.getKey()));
        }
        return "rrf: " + String.join(" + ", terms);
      }));
    });
    return Fusion.ranked(hits, limit);
  }
}
