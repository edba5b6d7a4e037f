package io.engram.retrieval.ingest;

import java.util.List;
import java.util.Map;

/** A document analyzed, chunked and embedded, with the content hash that decides whether it changed. */
record PreparedDocument(int ordinal, String externalId, String title, Map<String, Object> metadata, String contentHash,
    List<PreparedChunk> chunks) {
}
