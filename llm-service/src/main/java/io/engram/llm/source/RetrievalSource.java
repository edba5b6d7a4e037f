package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Searches one collection of the retrieval service ({@code POST /v1/collections/{c}/search}). An unknown
 * collection is a {@link SourceException} with status 404; any other failure is the source being
 * unavailable.
 */
public interface RetrievalSource {

  List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history);

  /**
   * The chunks of {@code collection} with these ids that still exist for the caller's tenant
   * ({@code POST /v1/collections/{c}/chunks/lookup}); deleted ones, and ids of other collections or tenants, are
   * simply absent. A source that cannot follow pointers finds none.
   */
  default List<SearchHit> lookup(String collection, List<Long> chunkIds) {
    return lookup(collection, chunkIds, null);
  }

  /** {@link #lookup(String, List)} acting with {@code identityToken} (off-request work), or the caller's when null. */
  default List<SearchHit> lookup(String collection, List<Long> chunkIds, @Nullable String identityToken) {
    return List.of();
  }
}
