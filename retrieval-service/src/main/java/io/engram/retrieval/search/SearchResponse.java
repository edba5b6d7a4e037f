package io.engram.retrieval.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Search results, best first, with what rewriting produced, the time the search took and, with a read replica
 * configured, where its recall read from and how stale that may be ({@code staleness}).
 */
@Schema(description = "Search results, best first.")
public record SearchResponse(
    @Schema(description = "The hits, best first, at most topK.") List<Hit> hits,
    @Schema(description = "What rewriting did (strategy and its details, with the query variants when explain is"
        + " set); null when the query was not rewritten and explain is not set.") Map<String, Object> rewrite,
    @Schema(description = "How long the search took, in milliseconds.") long tookMs,
    @Schema(description = "With a read replica configured: where recall read from and how stale that may be;"
        + " absent otherwise.")
    io.engram.support.tenancy.@org.jspecify.annotations.Nullable ReadStaleness staleness) {

  /** One chunk found; {@code explanation} only when asked for. */
  @Schema(name = "SearchHit", description = "One chunk found.")
  public record Hit(
      @Schema(description = "The chunk's id (stable until its document is replaced or removed).") long chunkId,
      @Schema(description = "The id of the chunk's document.") String documentId,
      @Schema(description = "The chunk's text.") String text,
      @Schema(description = "The document's title.") String title,
      @Schema(description = "The document's metadata.") Map<String, Object> metadata,
      @Schema(description = "The hit's fused score (a reranker reorders the hits; its scores are in the explanation).") double score,
      @Schema(description = "Why the hit ranks where it does (per path rank and score, fusion, rerank); only with"
          + " explain.") Map<String, Object> explanation) {
  }
}
