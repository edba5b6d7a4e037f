package io.engram.retrieval.search;

import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.fusion.Fusion;
import io.engram.retrieval.fusion.NormalizedScoreFusion;
import io.engram.retrieval.fusion.ReciprocalRankFusion;
import io.engram.retrieval.rerank.Reranker;
import io.engram.retrieval.rerank.Rerankers;
import io.engram.retrieval.rewrite.ConversationalQueryRewriter;
import io.engram.retrieval.rewrite.QueryRewriter;
import io.engram.retrieval.rewrite.QueryRewriters;
import io.engram.support.web.ProblemException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Checks a {@link SearchRequest} against a collection and the configured limits, and resolves what it leaves out
 * to the measured defaults ({@code engram.retrieval.*}): the query, topK, candidates, paths, fusion and its weight,
 * the rewriter and the reranker. Everything wrong with a request is a 400 problem before anything runs.
 */
@Component
class SearchPlanner {

  static final Set<String> PATHS = Set.of("bm25", "dense");
  static final int DEFAULT_TOP_K = 10;

  private final RetrievalProperties properties;
  private final QueryRewriters rewriters;
  private final Rerankers rerankers;

  SearchPlanner(RetrievalProperties properties, QueryRewriters rewriters, Rerankers rerankers) {
    this.properties = properties;
    this.rewriters = rewriters;
    this.rerankers = rerankers;
  }

  SearchPlan plan(SearchRequest request, Collection collection) {
    String query = request.query();
    if (query == null || query.isBlank()) {
      throw ProblemException.badRequest("invalid-query", "query must not be empty.");
    }
    int maxChars = properties.search().maxQueryChars();
    if (query.length() > maxChars) {
      throw ProblemException.badRequest("query-too-long", "query has " + query.length() + " characters; at most " + maxChars + ".");
    }
    int maxTopK = properties.search().maxTopK();
    int topK = request.topK() == null ? DEFAULT_TOP_K : request.topK();
    if (topK < 1 || topK > maxTopK) {
      throw ProblemException.badRequest("invalid-top-k", "topK must be between 1 and " + maxTopK + "; was " + topK + ".");
    }
    int candidates = request.candidates() == null ? Math.max(properties.dense().candidates(), topK) : request.candidates();
    if (candidates < topK || candidates > maxTopK) {
      throw ProblemException.badRequest("invalid-candidates", "candidates must be between topK and " + maxTopK + ".");
    }
    Set<String> available = collection.dense() ? PATHS : Set.of("bm25");
    Set<String> paths = request.paths() == null || request.paths().isEmpty() ? available : Set.copyOf(request.paths());
    if (!available.containsAll(paths)) {
      throw ProblemException.badRequest("unknown-path", "paths of this collection are any of " + available + "; got "
          + request.paths() + ".");
    }
    double denseWeight = request.denseWeight() == null ? properties.fusion().denseWeight() : request.denseWeight();
    if (!(denseWeight >= 0 && denseWeight <= 1)) {
      throw ProblemException.badRequest("invalid-dense-weight", "denseWeight must be between 0 and 1.");
    }
    Fusion fusion;
    try {
      fusion = Fusion.named(request.fusion() == null ? properties.fusion().strategy() : request.fusion(), properties.fusion().rrfK());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-fusion", "Unknown fusion '" + request.fusion() + "'; known: "
          + List.of(ReciprocalRankFusion.NAME, NormalizedScoreFusion.NAME) + ".");
    }
    boolean hasHistory = request.history() != null && !request.history().isEmpty();
    String rewrite = request.rewrite() != null ? request.rewrite() : hasHistory ? ConversationalQueryRewriter.NAME
        : properties.rewrite().strategy();
    String rerank = request.rerank() != null ? request.rerank() : properties.rerank().strategy();
    return new SearchPlan(query.strip(), topK, candidates, paths, fusion, denseWeight, rewriter(rewrite), reranker(rerank),
        Boolean.TRUE.equals(request.explain()));
  }

  private QueryRewriter rewriter(String name) {
    QueryRewriter rewriter;
    try {
      rewriter = rewriters.named(name);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-rewrite", "Unknown rewrite '" + name + "'; known: " + rewriters.names() + ".");
    }
    String unavailable = rewriter.unavailableReason();
    if (unavailable != null) {
      throw ProblemException.badRequest("rewrite-unavailable", unavailable);
    }
    return rewriter;
  }

  private @Nullable Reranker reranker(String name) {
    Reranker reranker;
    try {
      reranker = rerankers.named(name);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-rerank", "Unknown rerank '" + name + "'; known: " + rerankers.names() + ".");
    }
    if (reranker == null) {
      return null;
    }
    String unavailable = reranker.unavailableReason();
    if (unavailable != null) {
      throw ProblemException.badRequest("rerank-unavailable", unavailable);
    }
    reranker.prepare();
    return reranker;
  }
}
