package io.engram.retrieval.ingest;

import java.util.List;
import java.util.Map;

/**
 * A chunk ready to store: its text, headings, token count, analyzed term frequencies (BM25 postings), its
 * length in terms, the content hash of what was indexed, and its vector.
 */
record PreparedChunk(String text, List<String> headings, int tokenCount, Map<String, Integer> termFrequencies,
    int termCount, String contentHash, float[] vector) {
}
