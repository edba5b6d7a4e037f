package io.engram.llm.fusion;

import io.engram.llm.text.TokenCounter;
import io.engram.llm.text.Terms;
import io.engram.support.ranking.ReciprocalRank;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the ranked lists of memory and retrieval into one packed context, in four steps: (1) reciprocal
 * rank fusion across lists (Cormack et al. 2009, {@code k} = {@value #DEFAULT_RANK_CONSTANT}; the formula is
 * service-support's {@link ReciprocalRank}, as in retrieval's {@code rrf}), with list weights, ties broken by id; (2) near-duplicate folding across sources (word 3-shingle Jaccard >=
 * {@code duplicateJaccard}, or one text's terms contained in the other's >= {@code duplicateContainment}),
 * keeping the better-ranked passage and recording the other's source in {@link Passage#alsoFrom()};
 * (3) greedy packing into the token budget in rank order (the first passage is cut to fit rather than
 * dropped); (4) ordering for the model with the most relevant passages at both edges, because models
 * use the middle of a long context least (Liu et al. 2023, "Lost in the Middle"). {@link #fuseAndPack} is
 * observed as {@value #PACKING} (a timer, and a span of the answer's trace).
 */
public class ContextFuser {

  public static final int DEFAULT_RANK_CONSTANT = ReciprocalRank.DEFAULT_RANK_CONSTANT;
  public static final double DEFAULT_DUPLICATE_JACCARD = 0.8;
  public static final double DEFAULT_DUPLICATE_CONTAINMENT = 0.9;
  public static final String PACKING = "engram.answer.packing";

  private final TokenCounter tokens;
  private final ReciprocalRank rrf;
  private final double duplicateJaccard;
  private final double duplicateContainment;
  private final ObservationRegistry observations;

  public ContextFuser(TokenCounter tokens) {
    this(tokens, ObservationRegistry.NOOP);
  }

  public ContextFuser(TokenCounter tokens, ObservationRegistry observations) {
    this(tokens, DEFAULT_RANK_CONSTANT, DEFAULT_DUPLICATE_JACCARD, DEFAULT_DUPLICATE_CONTAINMENT, observations);
  }

  public ContextFuser(TokenCounter tokens, int rankConstant, double duplicateJaccard, double duplicateContainment) {
    this(tokens, rankConstant, duplicateJaccard, duplicateContainment, ObservationRegistry.NOOP);
  }

  public ContextFuser(TokenCounter tokens, int rankConstant, double duplicateJaccard, double duplicateContainment,
      ObservationRegistry observations) {
    this.observations = observations;
    this.rrf = new ReciprocalRank(rankConstant);
    if (!(duplicateJaccard > 0 && duplicateJaccard <= 1) || !(duplicateContainment > 0 && duplicateContainment <= 1)) {
      throw new IllegalArgumentException("illegal duplicate thresholds: " + duplicateJaccard + ", " + duplicateContainment
          + ", must be in (0, 1]");
    }
    this.tokens = tokens;
    this.duplicateJaccard = duplicateJaccard;
    this.duplicateContainment = duplicateContainment;
  }

  /** Steps 1 and 2: one fused, deduplicated ranking (passage score replaced by the fused score). */
  public List<Passage> fuse(List<RankedList> lists) {
    Map<String, Double> fused = new HashMap<>();
    Map<String, Passage> byId = new LinkedHashMap<>();
    for (RankedList list : lists) {
      int rank = 0;
      for (Passage p : list.passages()) {
        rank++;
        fused.merge(p.id(), rrf.contribution(list.weight(), rank), Double::sum);
        // the same passage from several lists: one passage, whatever any of them folded into it
        byId.merge(p.id(), p, (first, again) -> again.alsoFrom().isEmpty() ? first : first.withAlso(again.alsoFrom()));
      }
    }
    List<Passage> ranked = new ArrayList<>();
    byId.values().forEach(p -> ranked.add(new Passage(p.id(), p.kind(), p.sourceId(), p.documentId(), p.origin(),
        p.title(), p.text(), fused.get(p.id()), p.alsoFrom())));
    ranked.sort(Comparator.comparingDouble(Passage::score).reversed().thenComparing(Passage::id));
    return dedup(ranked);
  }

  /** Folds near-duplicates into the better-ranked passage; input best first. */
  public List<Passage> dedup(List<Passage> ranked) {
    List<Passage> kept = new ArrayList<>();
    List<Set<String>> keptShingles = new ArrayList<>();
    List<Set<String>> keptTerms = new ArrayList<>();
    for (Passage p : ranked) {
      Set<String> shingles = Terms.shingles(p.text());
      Set<String> terms = Terms.set(p.text());
      int duplicateOf = -1;
      for (int i = 0; i < kept.size() && duplicateOf < 0; i++) {
        if (aboutOneSubject(p, kept.get(i)) && (Terms.jaccard(shingles, keptShingles.get(i)) >= duplicateJaccard
            || (Math.min(terms.size(), keptTerms.get(i).size()) >= 3
                && Terms.containment(terms, keptTerms.get(i)) >= duplicateContainment
                && Terms.containment(shingles, keptShingles.get(i)) >= duplicateContainment * 0.75))) {
          duplicateOf = i;
        }
      }
      if (duplicateOf >= 0) {
        List<String> also = new ArrayList<>(p.alsoFrom());
        also.add(0, p.id());
        kept.set(duplicateOf, kept.get(duplicateOf).withAlso(also));
      } else {
        kept.add(p);
        keptShingles.add(shingles);
        keptTerms.add(terms);
      }
    }
    return kept;
  }

  /**
   * Two passages titled differently are about different subjects even when their texts overlap (two songs
   * of one album described in the same boilerplate): neither repeats the other. Untitled passages (memory
   * items) can repeat anything.
   */
  private static boolean aboutOneSubject(Passage a, Passage b) {
    return a.title() == null || b.title() == null || a.title().strip().equalsIgnoreCase(b.title().strip());
  }

  /** Steps 3 and 4 over a fused ranking. */
  public PackedContext pack(List<Passage> fused, int budgetTokens, int duplicatesFolded) {
    List<Passage> packed = new ArrayList<>();
    int used = 0;
    int dropped = 0;
    for (Passage p : fused) {
      int cost = tokens.count(passageHeader(p)) + tokens.count(p.text());
      if (used + cost <= budgetTokens) {
        packed.add(p);
        used += cost;
      } else if (packed.isEmpty()) {
        // the best passage alone is over budget: keep its head rather than answer from nothing
        int room = budgetTokens - tokens.count(passageHeader(p));
        String head = tokens.truncate(p.text(), room);
        if (!head.isBlank()) {
          packed.add(p.withText(head));
          used += tokens.count(passageHeader(p)) + tokens.count(head);
        } else {
          dropped++;
        }
      } else {
        dropped++;
      }
    }
    return new PackedContext(packed, edgesFirst(packed), used, budgetTokens, duplicatesFolded, dropped);
  }

  /** Fuse, fold and pack in one call. */
  public PackedContext fuseAndPack(List<RankedList> lists, int budgetTokens) {
    return Observation.createNotStarted(PACKING, observations).contextualName("answer packing")
        .observe(() -> fuseAndPackObserved(lists, budgetTokens));
  }

  private PackedContext fuseAndPackObserved(List<RankedList> lists, int budgetTokens) {
    int before = (int) lists.stream().flatMap(l -> l.passages().stream()).map(Passage::id).distinct().count();
    List<Passage> fused = fuse(lists);
    return pack(fused, budgetTokens, before - fused.size());
  }

  /**
   * Ranks 1,2,3,4,5 become 1,3,5,4,2: the best passage first, the second best last, the weakest in the
   * middle.
   */
  public static <T> List<T> edgesFirst(List<T> ranked) {
    List<T> front = new ArrayList<>();
    List<T> back = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      (i % 2 == 0 ? front : back).add(ranked.get(i));
    }
    List<T> ordered = new ArrayList<>(front);
    for (int i = back.size() - 1; i >= 0; i--) {
      ordered.add(back.get(i));
    }
    return ordered;
  }

  /** What a passage costs besides its text in the prompt (its number and title line). */
  static String passageHeader(Passage p) {
    return "[00] " + (p.title() == null ? "" : p.title()) + "\n";
  }
}
