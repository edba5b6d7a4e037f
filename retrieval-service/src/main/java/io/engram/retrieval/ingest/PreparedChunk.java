package io.engram.retrieval.ingest;

import java.util.List;
import java.util.Map;

/**
 * A chunk ready to store: its text, headings, token count, analyzed term frequencies (BM25 postings), its
 * length in terms, the content hash of what was indexed, and its vector; in a parent/child collection, the index of
 * its parent among its document's parents and where its text is in the parent's ({@code parent} -1 otherwise).
 */
record PreparedChunk(String text, List<String> headings, int tokenCount, Map<String, Integer> termFrequencies,
    int termCount, String contentHash, float[] vector, int parent, int parentStart, int parentEnd) {

  /** A chunk without parent. */
  PreparedChunk(String text, List<String> headings, int tokenCount, Map<String, Integer> termFrequencies, int termCount,
      String contentHash, float[] vector) {
    this(text, headings, tokenCount, termFrequencies, termCount, contentHash, vector, -1, 0, 0);
  }

  PreparedChunk withVector(float[] v) {
    return new PreparedChunk(text, headings, tokenCount, termFrequencies, termCount, contentHash, v, parent, parentStart,
        parentEnd);
  }
}
