package io.engram.retrieval.rewrite;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.recall.SqlFragment;
import io.engram.text.analysis.TextAnalyzer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a rewriter may look at: the query, the conversation so far, the collection (for
 * pseudo-relevance feedback) and its analyzer.
 */
public record RewriteRequest(String query, List<Turn> history, Collection collection, TextAnalyzer analyzer,
    SqlFragment filter) {

  /** One earlier message of the conversation. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ConversationTurn")
  public record Turn(
      @io.swagger.v3.oas.annotations.media.Schema(description = "Who spoke: user or assistant (only user turns are"
          + " read).", example = "user") String role,
      @io.swagger.v3.oas.annotations.media.Schema(description = "What was said.") String content) {
  }

  /** The query's analyzed terms weighted by how often they occur (Anserini's bag of words). */
  public Map<String, Double> queryTerms() {
    return terms(analyzer, query);
  }

  public static Map<String, Double> terms(TextAnalyzer analyzer, String text) {
    Map<String, Double> terms = new LinkedHashMap<>();
    for (String term : analyzer.terms(text)) {
      terms.merge(term, 1.0, Double::sum);
    }
    return terms;
  }

  static Map<String, Double> scaled(Map<String, Double> terms, double factor) {
    Map<String, Double> out = new HashMap<>();
    terms.forEach((t, w) -> out.put(t, w * factor));
    return out;
  }
}
