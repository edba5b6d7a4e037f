package io.engram.retrieval.fusion;

import io.engram.retrieval.recall.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Convex combination of min-max normalized scores: each path's scores are mapped to [0, 1] over its own
 * candidate list, then {@code score = sum over paths of weight * normalized}; a chunk a path did not
 * return contributes 0 from that path. Unlike RRF it keeps how far apart the scores are, which measured
 * better on SciFact here (see docs/benchmarks.md).
 */
public final class NormalizedScoreFusion implements Fusion {

  public static final String NAME = "normalized";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<FusedHit> fuse(Map<String, List<Candidate>> lists, Map<String, Double> weights, int limit) {
    Map<String, double[]> ranges = new HashMap<>();
    lists.forEach((path, list) -> {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Candidate c : list) {
        min = Math.min(min, c.score());
        max = Math.max(max, c.score());
      }
      ranges.put(path, new double[] {min, max});
    });
    List<FusedHit> hits = new ArrayList<>();
    Fusion.byChunk(lists).forEach((chunk, paths) -> {
      double score = 0;
      for (var e : paths.entrySet()) {
        score += weights.getOrDefault(e.getKey(), 1.0) * normalized(ranges.get(e.getKey()), e.getValue().score());
      }
      hits.add(new FusedHit(chunk, score, paths, () -> {
        List<String> terms = new ArrayList<>();
        for (var e : paths.entrySet()) {
          terms.add(String.format(java.util.Locale.ROOT, "%.3f*%.4f[%s]", weights.getOrDefault(e.getKey(), 1.0),
              normalized(ranges.get(e.getKey()), e.getValue().score()), e.getKey()));
        }
        return "normalized: " + String.join(" + ", terms);
      }));
    });
    return Fusion.ranked(hits, limit);
  }

  private static double normalized(double[] range, double score) {
    return range[1] > range[0] ? (score - range[0]) / (range[1] - range[0]) : 1.0;
  }
}
