package io.engram.retrieval.search;

import io.engram.retrieval.rewrite.RewriteRequest;
import java.util.List;

/**
 * A search as the API takes it. Beyond the contract's fields ({@code query, topK, filter, history, rewrite,
 * rerank, explain}) a caller may pick the recall {@code paths} ({@code bm25}, {@code dense}), the
 * {@code fusion} ({@code normalized}, {@code rrf}), the dense weight of normalized fusion and the number of
 * {@code candidates} each path hands to fusion; every one of them has a measured default.
 */
public record SearchRequest(String query, Integer topK, Object filter, List<RewriteRequest.Turn> history,
    String rewrite, String rerank, Boolean explain, List<String> paths, String fusion, Double denseWeight,
    Integer candidates) {

  public static SearchRequest of(String query, int topK) {
    return new SearchRequest(query, topK, null, null, null, null, null, null, null, null, null);
  }
}
