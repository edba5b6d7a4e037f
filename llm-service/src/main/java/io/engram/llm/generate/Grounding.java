package io.engram.llm.generate;

import io.engram.llm.fusion.Passage;
import io.engram.llm.text.Terms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Judges whether a context can support an answer: the share of the question's information (its content
 * terms weighted by inverse document frequency over the context's passages, absent terms counted as
 * present once) that the best passage covers.
 * Below {@code minCoverage} the service says it cannot answer instead of letting a generator invent one.
 */
public class Grounding {

  public static final double DEFAULT_MIN_COVERAGE = 0.25;

  private final double minCoverage;

  public Grounding(double minCoverage) {
    if (!(minCoverage >= 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException("illegal minCoverage: " + minCoverage + ", must be in [0, 1]");
    }
    this.minCoverage = minCoverage;
  }

  /** The verdict, with the question terms no passage mentions (for the "cannot answer" message). */
  public record Verdict(boolean supported, double bestCoverage, List<String> missingTerms) {
  }

  public Verdict judge(String question, List<Passage> passages) {
    Set<String> q = Terms.set(question);
    if (q.isEmpty() || passages.isEmpty()) {
      return new Verdict(false, 0, List.copyOf(q));
    }
    Map<String, Double> idf = idf(q, passages);
    double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    double best = 0;
    Set<String> seen = new java.util.HashSet<>();
    for (Passage p : passages) {
      Set<String> terms = Terms.set(p.title() == null ? p.text() : p.title() + " " + p.text());
      double covered = 0;
      for (String t : q) {
        if (terms.contains(t)) {
          covered += idf.get(t);
          seen.add(t);
        }
      }
      best = Math.max(best, covered / total);
    }
    List<String> missing = new ArrayList<>();
    q.stream().filter(t -> !seen.contains(t)).forEach(missing::add);
    return new Verdict(best >= minCoverage, best, missing);
  }

  /** Smoothed IDF of the question terms over the passages (a term nobody mentions weighs most). */
  static Map<String, Double> idf(Set<String> q, List<Passage> passages) {
    Map<String, Double> idf = new HashMap<>();
    int n = passages.size();
    List<Set<String>> docs = passages.stream().map(p -> Terms.set(p.title() == null ? p.text() : p.title() + " " + p.text())).toList();
    for (String t : q) {
      // a term no passage has weighs like the rarest present one: with a handful of passages, raw IDF would
      // let a couple of absent words (often question phrasing) outweigh everything that was found
      long df = Math.max(1, docs.stream().filter(d -> d.contains(t)).count());
      idf.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)) + 0.1);
    }
    return idf;
  }

  /**
   * The gate before a generator answers: when the request's context does not support an answer, the honest "cannot
   * answer" (the whole answer, told to {@code tokens} as one piece, no citations, not grounded) by {@code generator};
   * null when it does and the generator should answer.
   */
  public @Nullable GeneratedAnswer refusal(GenerationRequest request, String generator, Consumer<String> tokens) {
    Verdict verdict = judge(request.question(), request.context().ranked());
    if (verdict.supported()) {
      return null;
    }
    String text = unsupportedMessage(verdict);
    tokens.accept(text);
    return new GeneratedAnswer(text, List.of(), generator, false, 0, 0);
  }

  /** The message for a question the context does not support; names what was not found. */
  public static String unsupportedMessage(Verdict verdict) {
    if (verdict.missingTerms().isEmpty()) {
      return "The available sources do not contain enough information to answer this question.";
    }
    return "The available sources do not contain enough information to answer this question (nothing found about: "
        + String.join(", ", verdict.missingTerms().stream().limit(6).toList()) + ").";
  }
}
