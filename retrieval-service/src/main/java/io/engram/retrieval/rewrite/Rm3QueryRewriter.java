package io.engram.retrieval.rewrite;

import io.engram.retrieval.recall.Candidate;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.Postings;
import io.engram.support.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RM3 pseudo-relevance feedback (Lavrenko and Croft's relevance model, interpolated as in Anserini and
 * Jaleel et al. 2004), fully offline: the top {@code fbDocs} BM25 chunks are taken as relevant, each term's
 * weight is {@code P(w|R) = sum over those chunks of (tf/dl) * score share}, the {@code fbTerms} heaviest
 * are kept and normalized, and mixed with the original query's term distribution:
 * {@code w = originalWeight * P(w|Q) + (1 - originalWeight) * P(w|R)}. Only BM25 uses the expanded
 * query; the dense path embeds the original text. Defaults follow Anserini (10, 10, 0.5).
 */
public final class Rm3QueryRewriter implements QueryRewriter {

  public static final String NAME = "rm3";

  private final LexicalRecall lexical;
  private final Postings postings;
  private final TenantTransactions tenants;
  private final int fbDocs;
  private final int fbTerms;
  private final double originalWeight;

  public Rm3QueryRewriter(LexicalRecall lexical, Postings postings, TenantTransactions tenants, int fbDocs, int fbTerms,
      double originalWeight) {
    if (fbDocs < 1 || fbTerms < 1) {
      throw new IllegalArgumentException("illegal RM3 parameters: fbDocs " + fbDocs + ", fbTerms " + fbTerms + ", must be positive");
    }
    if (!(originalWeight >= 0 && originalWeight <= 1)) {
      throw new IllegalArgumentException("illegal originalQueryWeight: " + originalWeight + ", must be in [0, 1]");
    }
    this.lexical = lexical;
    this.postings = postings;
    this.tenants = tenants;
    this.fbDocs = fbDocs;
    this.fbTerms = fbTerms;
    this.originalWeight = originalWeight;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RewrittenQuery rewrite(RewriteRequest request) {
    Map<String, Double> original = request.queryTerms();
    if (original.isEmpty()) {
      return new NoQueryRewriter().rewrite(request);
    }
    Map<String, Double> expanded = tenants.inTenant(request.collection().tenantId(), () -> {
      List<Candidate> feedback = lexical.search(request.collection(), original, fbDocs, request.filter());
      return expand(original, feedback, request.collection().tenantId());
    });
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("expandedTerms", top(expanded, 20));
    return new RewrittenQuery(NAME, List.of(new QueryVariant("rm3", expanded, request.query())), details);
  }

  private Map<String, Double> expand(Map<String, Double> original, List<Candidate> feedback, String tenantId) {
    if (feedback.isEmpty()) {
      return original;
    }
    double scoreSum = feedback.stream().mapToDouble(Candidate::score).sum();
    Map<Long, Double> share = new HashMap<>();
    feedback.forEach(c -> share.put(c.chunkId(), scoreSum > 0 ? c.score() / scoreSum : 1.0 / feedback.size()));
    Map<String, Double> relevance = new HashMap<>();
    postings.ofChunks(tenantId, share.keySet().toArray(Long[]::new), posting -> {
      String term = posting.term();
      // numbers and one-letter terms carry little topical meaning and drift the query (as Anserini filters)
      if (term.length() < 2 || term.chars().allMatch(Character::isDigit)) {
        return;
      }
      double p = (double) posting.tf() / Math.max(1, posting.dl()) * share.get(posting.chunkId());
      relevance.merge(term, p, Double::sum);
    });
    Map<String, Double> kept = top(relevance, fbTerms);
    double keptSum = kept.values().stream().mapToDouble(Double::doubleValue).sum();
    double originalSum = original.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> mixed = new HashMap<>();
    original.forEach((t, w) -> mixed.merge(t, originalWeight * w / originalSum, Double::sum));
    if (keptSum > 0) {
      kept.forEach((t, w) -> mixed.merge(t, (1 - originalWeight) * w / keptSum, Double::sum));
    }
    return mixed;
  }

  static Map<String, Double> top(Map<String, Double> weights, int n) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(weights.entrySet());
    entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(n, entries.size()); i++) {
      out.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    return out;
  }
}
