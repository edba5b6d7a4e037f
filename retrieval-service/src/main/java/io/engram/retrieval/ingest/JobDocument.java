package io.engram.retrieval.ingest;

import io.engram.retrieval.chunking.SourceFormat;
import java.util.Map;

/** A document of an ingestion job as stored durably at submission. */
record JobDocument(int ordinal, String documentId, String title, String body, SourceFormat format,
    Map<String, Object> metadata) {
}
