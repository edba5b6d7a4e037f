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
   * {@link #search} with the note the retrieval service adds when its recall read from a replica: where it read and
   * how far behind that may have been (source, lagMs, maxLagMs); null when it read from the primary only.
   */
  default Noted<List<SearchHit>> searchNoted(String collection, String query, int topK, List<HistoryMessage> history) {
    return new Noted<>(search(collection, query, topK, history), null);
  }

  /** A source's answer and its staleness note (null: read from the primary, as without a replica). */
  record Noted<T>(T value, java.util.@Nullable Map<String, Object> staleness) {
  }

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
