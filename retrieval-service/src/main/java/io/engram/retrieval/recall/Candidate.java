package io.engram.retrieval.recall;

/** A chunk one recall path found, with that path's raw score (BM25 score, cosine similarity). */
public record Candidate(long chunkId, double score) {
}
