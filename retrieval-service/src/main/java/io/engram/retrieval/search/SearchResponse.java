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

  /**
   * One chunk found; {@code explanation} only when asked for. In a parent/child collection a hit is a parent section:
   * {@code text} is the parent's, {@code chunkId} its best matching child's, and {@code matches} says where each
   * matching child is in {@code text}.
   */
  @Schema(name = "SearchHit", description = "One chunk found (in a parent-child collection: the parent section of the"
      + " chunks found).")
  public record Hit(
      @Schema(description = "The chunk's id (stable until its document is replaced or removed); in a parent-child"
          + " collection the best matching child's.") long chunkId,
      @Schema(description = "The id of the chunk's document.") String documentId,
      @Schema(description = "The chunk's text; in a parent-child collection, the parent section's text.") String text,
      @Schema(description = "The document's title.") String title,
      @Schema(description = "The document's metadata.") Map<String, Object> metadata,
      @Schema(description = "The hit's fused score (a reranker reorders the hits; its scores are in the explanation).") double score,
      @Schema(description = "Why the hit ranks where it does (per path rank and score, fusion, rerank); only with"
          + " explain.") Map<String, Object> explanation,
      @Schema(description = "Parent-child collections only: the id of the parent section whose text this is.")
      @org.jspecify.annotations.Nullable Long parentId,
      @Schema(description = "Parent-child collections only, in search results: the children of this parent that"
          + " matched, best first, each with its place in text.")
      @org.jspecify.annotations.Nullable List<Match> matches) {

    /** A hit of a standard collection (no parent). */
    public Hit(long chunkId, String documentId, String text, String title, Map<String, Object> metadata, double score,
        Map<String, Object> explanation) {
      this(chunkId, documentId, text, title, metadata, score, explanation, null, null);
    }
  }

  /** A child chunk that matched, and where its text is in its parent's: {@code text.substring(start, end)}. */
  @Schema(name = "SearchMatch", description = "A matching child chunk and where its words are in the hit's text.")
  public record Match(
      @Schema(description = "The child chunk's id (what a citation points at; readable with chunks/lookup).") long chunkId,
      @Schema(description = "Where the child's text starts in the hit's text, in UTF-16 code units (as Java and"
          + " JavaScript index strings), from 0.") int start,
      @Schema(description = "Where it ends (exclusive).") int end,
      @Schema(description = "The child's fused score.") double score) {
  }
}
