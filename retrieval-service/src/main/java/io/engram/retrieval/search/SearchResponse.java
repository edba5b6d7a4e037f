package io.engram.retrieval.search;

import java.util.List;
import java.util.Map;

/**
 * Search results, best first, with what rewriting produced, the time the search took and, with a read replica
 * configured, where its recall read from and how stale that may be ({@code staleness}).
 */
public record SearchResponse(List<Hit> hits, Map<String, Object> rewrite, long tookMs,
    io.engram.support.tenancy.@org.jspecify.annotations.Nullable ReadStaleness staleness) {

  /** One chunk found; {@code explanation} only when asked for. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "SearchHit")
  public record Hit(long chunkId, String documentId, String text, String title, Map<String, Object> metadata,
      double score, Map<String, Object> explanation) {
  }
}
