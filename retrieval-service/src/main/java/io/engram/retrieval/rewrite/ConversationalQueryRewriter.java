package io.engram.retrieval.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Offline conversational rewrite: a follow-up question ("and its side effects?") is made self-contained
 * by adding the last user turns. BM25 gets their terms at a lower weight than the question's own; the
 * dense path embeds the earlier turns followed by the question.
 */
public final class ConversationalQueryRewriter implements QueryRewriter {

  public static final String NAME = "conversational";
  static final int TURNS = 2;

  private final double historyWeight;

  public ConversationalQueryRewriter(double historyWeight) {
    if (!(historyWeight >= 0 && historyWeight <= 1)) {
      throw new IllegalArgumentException("illegal historyWeight: " + historyWeight + ", must be in [0, 1]");
    }
    this.historyWeight = historyWeight;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RewrittenQuery rewrite(RewriteRequest request) {
    List<String> earlier = new ArrayList<>();
    List<RewriteRequest.Turn> history = request.history() == null ? List.of() : request.history();
    for (int i = history.size() - 1; i >= 0 && earlier.size() < TURNS; i--) {
      RewriteRequest.Turn turn = history.get(i);
      if (turn != null && "user".equalsIgnoreCase(turn.role()) && turn.content() != null && !turn.content().isBlank()) {
        earlier.addFirst(turn.content().strip());
      }
    }
    Map<String, Double> terms = new java.util.LinkedHashMap<>(request.queryTerms());
    String context = String.join(" ", earlier);
    RewriteRequest.terms(request.analyzer(), context).forEach((t, w) -> terms.merge(t, w * historyWeight, Double::sum));
    String dense = context.isEmpty() ? request.query() : context + " " + request.query();
    return new RewrittenQuery(NAME, List.of(new QueryVariant("query+history", terms, dense)),
        Map.of("historyTurnsUsed", earlier.size(), "denseText", dense));
  }
}
