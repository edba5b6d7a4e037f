package io.engram.retrieval.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.engram.retrieval.recall.Candidate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionTests {

  private static double rrf(int k, int... ranks) {
    double s = 0;
    for (int r : ranks) {
      s += 1.0 / (k + r);
    }
    return s;
  }

  private static Map<String, List<Candidate>> lists() {
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    lists.put("bm25", List.of(new Candidate(1, 12.0), new Candidate(2, 8.0), new Candidate(3, 4.0)));
    lists.put("dense", List.of(new Candidate(3, 0.9), new Candidate(1, 0.8), new Candidate(4, 0.5)));
    return lists;
  }

  @Test
  void rrfSumsReciprocalRanksAndKeepsEachPathsRank() {
    List<FusedHit> hits = new ReciprocalRankFusion(60).fuse(lists(), Map.of(), 10);
    assertThat(hits).extracting(FusedHit::chunkId).containsExactly(1L, 3L, 2L, 4L);
    assertThat(hits.get(0).score()).isCloseTo(rrf(60, 1, 2), within(1e-12));
    assertThat(hits.get(1).score()).isCloseTo(rrf(60, 3, 1), within(1e-12));
    assertThat(hits.get(0).paths()).containsEntry("bm25", new PathScore(1, 12.0)).containsEntry("dense", new PathScore(2, 0.8));
    assertThat(hits.get(0).formula()).contains("1/(60+1)[bm25]").contains("1/(60+2)[dense]");
  }

  @Test
  void tiesAreBrokenByChunkId() {
    Map<String, List<Candidate>> lists = Map.of("a", List.of(new Candidate(9, 1.0), new Candidate(5, 0.5)),
        "b", List.of(new Candidate(5, 1.0), new Candidate(9, 0.5)));
    assertThat(new ReciprocalRankFusion(60).fuse(lists, Map.of(), 10)).extracting(FusedHit::chunkId).containsExactly(5L, 9L);
    assertThat(new NormalizedScoreFusion().fuse(lists, Map.of(), 10)).extracting(FusedHit::chunkId).containsExactly(5L, 9L);
  }

  @Test
  void normalizedFusionWeighsMinMaxScores() {
    List<FusedHit> hits = new NormalizedScoreFusion().fuse(lists(), Map.of("bm25", 0.4, "dense", 0.6), 10);
    // bm25 normalized: 1 -> 1, 2 -> 0.5, 3 -> 0; dense: 3 -> 1, 1 -> 0.75, 4 -> 0
    Map<Long, Double> expected = Map.of(1L, 0.4 * 1 + 0.6 * 0.75, 2L, 0.4 * 0.5, 3L, 0.6 * 1.0, 4L, 0.0);
    assertThat(hits).allSatisfy(h -> assertThat(h.score()).isCloseTo(expected.get(h.chunkId()), within(1e-9)));
    assertThat(hits).extracting(FusedHit::chunkId).containsExactly(1L, 3L, 2L, 4L);
  }

  @Test
  void limitTrimsAndUnknownNamesAreRejected() {
    assertThat(new ReciprocalRankFusion(60).fuse(lists(), Map.of(), 2)).hasSize(2);
    assertThatThrownBy(() -> Fusion.named("borda", 60)).hasMessageContaining("known: rrf, normalized");
    assertThatThrownBy(() -> new ReciprocalRankFusion(0)).hasMessageContaining("illegal rank constant: 0");
  }
}
