package io.engram.retrieval.ingest;

import io.engram.retrieval.chunking.SourceFormat;
import java.util.Map;

/**
 * One document as submitted for ingestion, before any check: the id the caller knows it by, an optional
 * title, its body in some {@link SourceFormat} and flat metadata that filters can match.
 */
public record DocumentInput(String id, String title, String text, Object metadata, SourceFormat format) {

  /** Metadata as a map; checked by {@link IngestionJobs} before use. */
  @SuppressWarnings("unchecked")
  Map<String, Object> metadataMap() {
    return metadata == null ? Map.of() : (Map<String, Object>) metadata;
  }
}
