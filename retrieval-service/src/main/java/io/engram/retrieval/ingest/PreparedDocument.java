package io.engram.retrieval.ingest;

import java.util.List;
import java.util.Map;

/**
 * A document analyzed, chunked and embedded, with the content hash that decides whether it changed; in a parent/child
 * collection with the parents its chunks point to (empty otherwise).
 */
record PreparedDocument(int ordinal, String externalId, String title, Map<String, Object> metadata, String contentHash,
    List<PreparedChunk> chunks, List<PreparedParent> parents) {

  PreparedDocument(int ordinal, String externalId, String title, Map<String, Object> metadata, String contentHash,
      List<PreparedChunk> chunks) {
    this(ordinal, externalId, title, metadata, contentHash, chunks, List.of());
  }
}
