package io.engram.eval.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTests {

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void ndcgDiscountsByLog2OfRankAndNormalizesByTheIdealRanking() {
    Map<String, Integer> judged = Map.of("a", 1, "b", 1, "z", 0);
    List<String> ranked = List.of("x", "a", "y", "b");
    double dcg = 1 / log2(3) + 1 / log2(5);
    double ideal = 1 / log2(2) + 1 / log2(3);
    assertThat(Metrics.ndcg(ranked, judged, 10)).isCloseTo(dcg / ideal, within(1e-12));
    assertThat(Metrics.ndcg(List.of("a", "b"), judged, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(Metrics.ndcg(ranked, judged, 1)).isZero();
  }

  @Test
  void recallCountsOnlyRelevantDocumentsInTheCutoff() {
    Map<String, Integer> judged = Map.of("a", 1, "b", 2, "c", 0);
    assertThat(Metrics.recall(List.of("c", "a", "x"), judged, 10)).isEqualTo(0.5);
    assertThat(Metrics.recall(List.of("x", "a", "b"), judged, 2)).isEqualTo(0.5);
  }
}
