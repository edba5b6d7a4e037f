package io.engram.retrieval.fusion;

/** Where one recall path put a chunk: its 1-based rank and the path's raw score. */
public record PathScore(int rank, double score) {
}
