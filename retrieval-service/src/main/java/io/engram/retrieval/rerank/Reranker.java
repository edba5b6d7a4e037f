package io.engram.retrieval.rerank;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reranking strategy: reorders the best fused candidates. Returns all candidates it was given, in the
 * new order, each with the reranker's score.
 */
public interface Reranker {

  String name();

  List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates);

  /** Why this strategy cannot run in this service (e.g. no chat model is configured), or null when it can. */
  default @Nullable String unavailableReason() {
    return null;
  }

  /** Readies the strategy for a search before anything runs (e.g. loads its model the first time). */
  default void prepare() {
  }
}
