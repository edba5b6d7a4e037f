package io.engram.retrieval.collection;

import java.time.OffsetDateTime;

/**
 * A knowledge base of one tenant: its language decides the lexical analyzer, its embedding model the
 * vectors; documentCount, chunkCount and totalTerms are kept current by ingestion (totalTerms / chunkCount
 * is BM25's average length).
 */
public record Collection(long id, String tenantId, String name, String language, String embeddingModel,
    OffsetDateTime createdAt, int documentCount, int chunkCount, long totalTerms) {

  /** BM25's average chunk length in analyzed terms. */
  public double averageLength() {
    return chunkCount == 0 ? 0 : (double) totalTerms / chunkCount;
  }
}
