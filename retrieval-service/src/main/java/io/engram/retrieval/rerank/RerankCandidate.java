package io.engram.retrieval.rerank;

/** A fused hit offered to a reranker: its text, fused score and (for MMR) its vector. */
public record RerankCandidate(long chunkId, String text, double score, float[] vector) {
}
