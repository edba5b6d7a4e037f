package io.engram.llm.source;

import java.util.List;

/**
 * Searches one collection of the retrieval service ({@code POST /v1/collections/{c}/search}). An unknown
 * collection is a {@link SourceException} with status 404; any other failure is the source being
 * unavailable.
 */
public interface RetrievalSource {

  List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history);
}
