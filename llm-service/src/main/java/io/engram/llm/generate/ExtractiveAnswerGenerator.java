package io.engram.llm.generate;

import io.engram.llm.fusion.Passage;
import io.engram.llm.text.Terms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The offline answerer used when no chat model is configured: it splits the context into sentences,
 * scores each by how much of the question's information it carries (IDF-weighted question-term coverage
 * over the context's sentences, plus a small prior for the passage's rank), then picks sentences by
 * maximal marginal relevance (Carbonell and Goldstein 1998; {@code lambda} = {@value #LAMBDA}) so that
 * a second sentence adds what the first lacks instead of repeating it. Each chosen sentence is cited with
 * its passage and its exact character span. Its answers are quotations, never paraphrase.
 */
public class ExtractiveAnswerGenerator implements AnswerGenerator {

  public static final String NAME = "extractive";
  static final double LAMBDA = 0.7;
  static final int MAX_SENTENCES = 3;
  /** A sentence is worth adding only if it is at least this relevant relative to the best one. */
  static final double RELATIVE_FLOOR = 0.5;
  /** A further sentence must add at least this share of the question's information. */
  static final double MIN_GAIN = 0.1;
  /** Sentences longer than this many terms are penalised: long run-ons quote more than they answer. */
  static final int LONG_SENTENCE_TERMS = 60;

  private final Grounding grounding;

  public ExtractiveAnswerGenerator(Grounding grounding) {
    this.grounding = grounding;
  }

  @Override
  public String name() {
    return NAME;
  }

  private record Sentence(int passageRank, Passage passage, int start, int end, Set<String> terms, double relevance,
      double prior) {
  }

  @Override
  public GeneratedAnswer generate(GenerationRequest request, Consumer<String> tokens, BooleanSupplier cancelled) {
    List<Passage> passages = request.context().ranked();
    GeneratedAnswer refused = grounding.refusal(request, NAME, tokens);
    if (refused != null) {
      return refused;
    }
    List<Sentence> sentences = score(request.question(), passages);
    List<Sentence> chosen = select(sentences, questionWeights(request.question(), sentences));
    // read in source order: by passage rank, then position inside the passage
    chosen.sort(Comparator.comparingInt(Sentence::passageRank).thenComparingInt(Sentence::start));
    StringBuilder answer = new StringBuilder();
    List<Citation> citations = new ArrayList<>();
    Map<String, Integer> markers = new HashMap<>();
    for (Sentence s : chosen) {
      if (cancelled.getAsBoolean()) {
        break;
      }
      Passage p = s.passage();
      int marker = markers.computeIfAbsent(p.id(), id -> markers.size() + 1);
      String quote = p.text().substring(s.start(), s.end());
      String piece = (answer.isEmpty() ? "" : " ") + quote + " [" + marker + "]";
      answer.append(piece);
      tokens.accept(piece);
      citations.add(new Citation(marker, p.id(), p.kind().label(), p.sourceId(), p.documentId(), p.title(), s.start(),
          s.end(), quote));
    }
    return new GeneratedAnswer(answer.toString(), citations, NAME, true, 0, 0);
  }

  private List<Sentence> score(String question, List<Passage> passages) {
    Set<String> q = Terms.set(question);
    List<Sentence> raw = new ArrayList<>();
    for (int rank = 0; rank < passages.size(); rank++) {
      Passage p = passages.get(rank);
      Set<String> titleTerms = p.title() == null ? Set.of() : Terms.set(p.title());
      for (int[] span : Terms.sentences(p.text())) {
        Set<String> terms = new HashSet<>(Terms.set(p.text().substring(span[0], span[1])));
        if (terms.isEmpty()) {
          continue;
        }
        // the title names what a sentence's pronouns refer to ("It was founded in ..."), so it counts
        terms.addAll(titleTerms);
        raw.add(new Sentence(rank, p, span[0], span[1], terms, 0, 0));
      }
    }
    Map<String, Double> idf = new HashMap<>();
    int n = raw.size();
    for (String t : q) {
      long df = raw.stream().filter(s -> s.terms().contains(t)).count();
      idf.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    List<Sentence> scored = new ArrayList<>();
    for (Sentence s : raw) {
      double covered = 0;
      for (String t : q) {
        if (s.terms().contains(t)) {
          covered += idf.get(t);
        }
      }
      double coverage = total == 0 ? 0 : covered / total;
      double prior = 0.15 / (1 + s.passageRank());
      double length = s.terms().size() > LONG_SENTENCE_TERMS ? (double) LONG_SENTENCE_TERMS / s.terms().size() : 1.0;
      scored.add(new Sentence(s.passageRank(), s.passage(), s.start(), s.end(), s.terms(), (coverage + prior) * length,
          prior));
    }
    return scored;
  }

  /** Question terms with their share of the question's information (IDF over the context's sentences). */
  private static Map<String, Double> questionWeights(String question, List<Sentence> sentences) {
    Map<String, Double> weights = new HashMap<>();
    int n = sentences.size();
    for (String t : Terms.set(question)) {
      long df = sentences.stream().filter(s -> s.terms().contains(t)).count();
      weights.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total > 0) {
      weights.replaceAll((t, w) -> w / total);
    }
    return weights;
  }

  /**
   * MMR over sentences where relevance is the marginal gain: the share of the question's information a
   * sentence adds beyond what the chosen ones already cover, so a sentence that only repeats covered terms
   * is worth nothing; redundancy is the term overlap with chosen sentences.
   */
  private static List<Sentence> select(List<Sentence> sentences, Map<String, Double> weights) {
    List<Sentence> pool = new ArrayList<>(sentences);
    pool.sort(Comparator.comparingDouble(Sentence::relevance).reversed()
        .thenComparingInt(Sentence::passageRank).thenComparingInt(Sentence::start));
    List<Sentence> chosen = new ArrayList<>();
    if (pool.isEmpty()) {
      return chosen;
    }
    double best = pool.get(0).relevance();
    Set<String> covered = new HashSet<>();
    while (chosen.size() < MAX_SENTENCES && !pool.isEmpty()) {
      Sentence pick = null;
      double pickScore = Double.NEGATIVE_INFINITY;
      for (Sentence s : pool) {
        if (s.relevance() < RELATIVE_FLOOR * best) {
          continue;
        }
        double gain = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
          if (s.terms().contains(w.getKey()) && !covered.contains(w.getKey())) {
            gain += w.getValue();
          }
        }
        if (!chosen.isEmpty() && gain < MIN_GAIN) {
          continue;
        }
        double redundancy = 0;
        for (Sentence c : chosen) {
          redundancy = Math.max(redundancy, Terms.jaccard(s.terms(), c.terms()));
        }
        double relevance = chosen.isEmpty() ? s.relevance() : gain + s.prior();
        double mmr = LAMBDA * relevance - (1 - LAMBDA) * redundancy;
        if (mmr > pickScore) {
          pickScore = mmr;
          pick = s;
        }
      }
      if (pick == null) {
        break;
      }
      chosen.add(pick);
      covered.addAll(pick.terms());
      pool.remove(pick);
    }
    return chosen;
  }
}
