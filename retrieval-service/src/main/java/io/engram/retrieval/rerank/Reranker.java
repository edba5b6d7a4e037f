package io.engram.retrieval.rerank;

import java.util.List;

/**
 * One reranking strategy: reorders the best fused candidates. Returns all candidates it was given, in the
 * new order, each with the reranker's score.
 */
public interface Reranker {

  String name();

  List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates);
}
