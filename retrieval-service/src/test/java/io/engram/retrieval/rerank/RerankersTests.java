package io.engram.retrieval.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RerankersTests {

  @Test
  void noneIsNoRerankerAndAnUnknownNameListsTheKnownOnes() {
    Reranker mmr = new MmrReranker(0.7);
    Rerankers rerankers = new Rerankers(List.of(mmr, new ConfiguredCrossEncoder(null)));
    assertThat(rerankers.named("none")).isNull();
    assertThat(rerankers.named("mmr")).isSameAs(mmr);
    assertThat(rerankers.names()).containsExactly("none", "mmr", "cross-encoder");
    assertThatThrownBy(() -> rerankers.named("borda")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown rerank 'borda'; known: [none, mmr, cross-encoder]");
  }

  @Test
  void aRerankerNamedNoneOrTwiceIsAWiringError() {
    Reranker none = new Reranker() {
      @Override
      public String name() {
        return "none";
      }

      @Override
      public List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates) {
        return candidates;
      }
    };
    assertThatThrownBy(() -> new Rerankers(List.of(none))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Rerankers(List.of(new MmrReranker(0.5), new MmrReranker(0.6))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'mmr'");
  }

  @Test
  void theCrossEncoderWithoutAModelPathIsUnavailableAndLoadsNothing() {
    ConfiguredCrossEncoder unconfigured = new ConfiguredCrossEncoder(" ");
    assertThat(unconfigured.unavailableReason()).contains("engram.retrieval.rerank.cross-encoder-path");
    assertThat(new ConfiguredCrossEncoder("/models/ce").unavailableReason()).isNull();
  }
}
