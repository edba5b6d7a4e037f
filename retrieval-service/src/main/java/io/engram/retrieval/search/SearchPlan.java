package io.engram.retrieval.search;

import io.engram.retrieval.fusion.Fusion;
import io.engram.retrieval.rerank.Reranker;
import io.engram.retrieval.rewrite.QueryRewriter;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search request checked and resolved against the defaults by {@link SearchPlanner}: what every stage of
 * {@link SearchService} runs with. No {@code reranker}: the fused order stands.
 */
record SearchPlan(String query, int topK, int candidates, Set<String> paths, Fusion fusion, double denseWeight,
    QueryRewriter rewriter, @Nullable Reranker reranker, boolean explain) {
}
