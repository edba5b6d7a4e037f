package io.engram.retrieval.fusion;

import java.util.Map;

/**
 * A chunk after fusion: the fused score, each path's rank and score, and a human-readable formula of how
 * the fused score was built (for {@code explain}).
 */
public record FusedHit(long chunkId, double score, Map<String, PathScore> paths, String formula) {
}
