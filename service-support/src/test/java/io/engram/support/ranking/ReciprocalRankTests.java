package io.engram.support.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReciprocalRankTests {

  private static double rrf(double weight, int k, int rank) {
    return weight / (k + rank);
  }

  @Test
  void aListAddsItsWeightOverTheRankConstantPlusTheOneBasedRank() {
    ReciprocalRank rrf = new ReciprocalRank(ReciprocalRank.DEFAULT_RANK_CONSTANT);
    assertThat(rrf.contribution(1.0, 1)).isEqualTo(rrf(1.0, 60, 1));
    assertThat(rrf.contribution(0.5, 3)).isEqualTo(rrf(0.5, 60, 3));
    assertThat(rrf.contribution(1.0, 1)).isGreaterThan(rrf.contribution(1.0, 2));
  }

  @Test
  void theExplanationShowsTheFormulaAndOmitsAWeightOfOne() {
    ReciprocalRank rrf = new ReciprocalRank(60);
    assertThat(rrf.explain(1.0, 3, "bm25")).isEqualTo("1/(60+3)[bm25]");
    assertThat(rrf.explain(0.5, 2, "dense")).isEqualTo("0.5*1/(60+2)[dense]");
  }

  @Test
  void whenTheRankConstantIsBelowOneThenThrow() {
    assertThatThrownBy(() -> new ReciprocalRank(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("illegal rank constant: 0, must be at least 1");
  }
}
