package io.engram.eval.retrieval;

import java.util.List;
import java.util.Map;

/**
 * Ranking metrics as BEIR reports them (pytrec_eval): nDCG@k with linear gains and log2 discounts, the
 * ideal ranking built from all judged-relevant documents; Recall@k as the share of relevant documents
 * (score > 0) found in the top k.
 */
final class Metrics {

  private Metrics() {
  }

  static double ndcg(List<String> ranked, Map<String, Integer> judged, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      int gain = Math.max(0, judged.getOrDefault(ranked.get(i), 0));
      dcg += gain / log2(i + 2);
    }
    List<Integer> ideal = judged.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  static double recall(List<String> ranked, Map<String, Integer> judged, int k) {
    long relevant = judged.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) {
      return 0;
    }
    long found = ranked.stream().limit(k).filter(d -> judged.getOrDefault(d, 0) > 0).count();
    return (double) found / relevant;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
