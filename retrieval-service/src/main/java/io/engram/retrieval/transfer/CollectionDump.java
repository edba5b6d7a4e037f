package io.engram.retrieval.transfer;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.engram.retrieval.collection.ChunkingSettings;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The exported form of a collection, one JSON object a line ({@code application/x-ndjson}), each with its
 * {@code type}: first the collection ({@link Header}: format and version, settings, counts), then each document
 * followed by its chunks in order, and last an {@link End} line with what was written, so that a dump cut short is
 * recognised as such. What is derived from the text (BM25 postings, document frequencies, the HNSW graph) is not in
 * the dump: a restore analyzes the text again with the collection language's analyzer, as ingestion did, and keeps the
 * vectors as they are (no model runs).
 */
final class CollectionDump {

  static final String MEDIA_TYPE = "application/x-ndjson";
  static final String FORMAT = "engram.collection";
  static final int VERSION = 1;

  static final String HEADER = "collection";
  static final String DOCUMENT = "document";
  static final String CHUNK = "chunk";
  static final String END = "end";

  private CollectionDump() {
  }

  /** First line: what the dump holds and the settings a restored collection gets. */
  record Header(String type, String format, int version, String name, String language, String embeddingModel,
      @Nullable Integer dimensions, ChunkingSettings chunking, long documents, long chunks, long totalTerms,
      OffsetDateTime exportedAt) {
  }

  /** A document: its id in the collection (kept by a restore), title, content hash and metadata. */
  record DocumentLine(String type, String id, @Nullable String title, String contentHash, @JsonRawValue String metadata) {
  }

  /**
   * A chunk of the document above it: position, text, metadata (the document's plus {@code headings}), the hash
   * and model token count of what was indexed, its length in analyzed terms and its vector (absent without one).
   */
  record ChunkLine(String type, int ordinal, String text, @JsonRawValue String metadata, String contentHash, int tokenCount,
      int termCount, @JsonRawValue @Nullable String vector) {
  }

  /** Last line: how many documents and chunks the dump holds. */
  record End(String type, long documents, long chunks) {
  }
}
