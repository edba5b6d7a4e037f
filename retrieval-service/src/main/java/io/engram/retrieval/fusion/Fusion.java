package io.engram.retrieval.fusion;

import io.engram.retrieval.recall.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines ranked candidate lists of several recall paths (named, e.g. {@code bm25}, {@code dense}) into
 * one list. Ties are broken by chunk id so that the same input always gives the same order.
 */
public interface Fusion {

  /** The strategy's name as requests spell it. */
  String name();

  /**
   * Fuses {@code lists} (each best first) into at most {@code limit} hits, best first.
   *
   * @param weights weight per path name; a path without one weighs 1
   */
  List<FusedHit> fuse(Map<String, List<Candidate>> lists, Map<String, Double> weights, int limit);

  /** The fusion for a name: {@code rrf} or {@code normalized}; an unknown name lists the known ones. */
  static Fusion named(String name, int rrfK) {
    return switch (name) {
      case ReciprocalRankFusion.NAME -> new ReciprocalRankFusion(rrfK);
      case NormalizedScoreFusion.NAME -> new NormalizedScoreFusion();
      default -> throw new IllegalArgumentException("unknown fusion '" + name + "'; known: rrf, normalized");
    };
  }

  /** Each chunk's rank and score per path, in first-seen order. */
  static Map<Long, Map<String, PathScore>> byChunk(Map<String, List<Candidate>> lists) {
    Map<Long, Map<String, PathScore>> out = new LinkedHashMap<>();
    lists.forEach((path, list) -> {
      for (int i = 0; i < list.size(); i++) {
        Candidate c = list.get(i);
        out.computeIfAbsent(c.chunkId(), id -> new LinkedHashMap<>()).putIfAbsent(path, new PathScore(i + 1, c.score()));
      }
    });
    return out;
  }

  /** Sorts by score descending then chunk id ascending, and trims to {@code limit}. */
  static List<FusedHit> ranked(List<FusedHit> hits, int limit) {
    List<FusedHit> sorted = new ArrayList<>(hits);
    sorted.sort(Comparator.comparingDouble(FusedHit::score).reversed().thenComparingLong(FusedHit::chunkId));
    return sorted.size() > limit ? List.copyOf(sorted.subList(0, limit)) : sorted;
  }
}
