package io.engram.retrieval.search;

import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/collections/{c}/search}. */
@RestController
@Tag(name = "search")
class SearchController {

  private final SearchService search;

  SearchController(SearchService search) {
    this.search = search;
  }

  @PostMapping("/v1/collections/{collection}/search")
  @Operation(operationId = "searchCollection", summary = "Hybrid search: rewrite, BM25 + dense recall, fusion, rerank",
      description = "filter: {eq|in|range|exists|and|or|not}; rewrite: none, rm3, conversational, multi-query, hyde, decompose; "
          + "rerank: none, mmr, llm, cross-encoder; explain=true shows each path's rank and score and the fusion formula")
  SearchResponse search(InternalIdentity identity, @PathVariable String collection, @RequestBody SearchRequest request) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    return search.search(identity.tenantId(), collection, request);
  }
}
