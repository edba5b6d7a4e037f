package io.engram.retrieval.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MmrRerankerTests {

  @Test
  void aNearDuplicateOfTheTopHitIsPushedBelowADifferentOne() {
    List<RerankCandidate> candidates = List.of(
        new RerankCandidate(1, "a", 1.0, new float[] {1, 0, 0}),
        new RerankCandidate(2, "a again", 0.95, new float[] {0.99f, 0.1f, 0}),
        new RerankCandidate(3, "b", 0.9, new float[] {0, 1, 0}));
    List<RerankCandidate> out = new MmrReranker(0.5).rerank("q", null, candidates);
    assertThat(out).extracting(RerankCandidate::chunkId).containsExactly(1L, 3L, 2L);
  }

  @Test
  void withLambdaOneTheOrderIsRelevanceOnly() {
    List<RerankCandidate> candidates = List.of(
        new RerankCandidate(1, "a", 1.0, new float[] {1, 0}),
        new RerankCandidate(2, "a again", 0.95, new float[] {1, 0}),
        new RerankCandidate(3, "b", 0.9, new float[] {0, 1}));
    assertThat(new MmrReranker(1.0).rerank("q", null, candidates)).extracting(RerankCandidate::chunkId).containsExactly(1L, 2L, 3L);
  }
}
