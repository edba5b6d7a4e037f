package io.engram.retrieval.rerank;

import io.engram.text.embedding.Cosine;
import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998): picks, one at a time, the candidate
 * maximizing {@code lambda * relevance - (1 - lambda) * max cosine to those already picked}, so that near
 * duplicates (overlapping chunks, copies of one page) do not crowd the top. Relevance is the fused score
 * min-max normalized over the candidates; similarity is the cosine of the chunk vectors. Lambda:
 * {@code engram.retrieval.rerank.mmr-lambda}, 0.7 by default.
 */
public final class MmrReranker implements Reranker {

  public static final String NAME = "mmr";

  private final double lambda;

  public MmrReranker(double lambda) {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("illegal lambda: " + lambda + ", must be in [0, 1]");
    }
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates) {
    double min = candidates.stream().mapToDouble(RerankCandidate::score).min().orElse(0);
    double max = candidates.stream().mapToDouble(RerankCandidate::score).max().orElse(1);
    List<RerankCandidate> left = new ArrayList<>(candidates);
    List<RerankCandidate> picked = new ArrayList<>();
    while (!left.isEmpty()) {
      RerankCandidate best = null;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (RerankCandidate c : left) {
        double relevance = max > min ? (c.score() - min) / (max - min) : 1;
        double redundancy = 0;
        for (RerankCandidate p : picked) {
          redundancy = Math.max(redundancy, Cosine.of(c.vector(), p.vector()));
        }
        double value = lambda * relevance - (1 - lambda) * redundancy;
        if (value > bestValue || (value == bestValue && best != null && c.chunkId() < best.chunkId())) {
          best = c;
          bestValue = value;
        }
      }
      left.remove(best);
      picked.add(new RerankCandidate(best.chunkId(), best.text(), bestValue, best.vector()));
    }
    return picked;
  }

}
