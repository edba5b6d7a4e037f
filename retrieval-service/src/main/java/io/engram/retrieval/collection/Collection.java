package io.engram.retrieval.collection;

import java.time.OffsetDateTime;

/**
 * A knowledge base of one tenant: its language decides the lexical analyzer, its embedding model the
 * vectors; documentCount, chunkCount and totalTerms are kept current by ingestion (totalTerms / chunkCount
 * is BM25's average length); chunking says how its documents are cut (standard, or parent/child).
 */
public record Collection(long id, String tenantId, String name, String language, String embeddingModel,
    OffsetDateTime createdAt, int documentCount, int chunkCount, long totalTerms, ChunkingSettings chunking) {

  /** Model name of collections without vectors: BM25 only, ingestion without embedding. */
  public static final String NO_EMBEDDINGS = "none";

  /** Whether chunks of this collection have vectors (a dense path). */
  public boolean dense() {
    return !NO_EMBEDDINGS.equals(embeddingModel);
  }

  /** Whether the chunks are children whose parent section a search returns. */
  public boolean parentChild() {
    return chunking.parentChild();
  }

  /** BM25's average chunk length in analyzed terms. */
  public double averageLength() {
    return chunkCount == 0 ? 0 : (double) totalTerms / chunkCount;
  }
}
