package io.engram.retrieval.search;

import io.engram.retrieval.recall.ChunkFilter;
import io.engram.retrieval.rewrite.RewriteRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A search as the API takes it. Beyond the contract's fields ({@code query, topK, filter, history, rewrite,
 * rerank, explain}) a caller may pick the recall {@code paths} ({@code bm25}, {@code dense}), the
 * {@code fusion} ({@code normalized}, {@code rrf}), the dense weight of normalized fusion and the number of
 * {@code candidates} each path hands to fusion; every one of them has a measured default. {@link SearchPlanner}
 * checks a request against the collection and the configured limits; in code, build one with {@link #builder}.
 */
@Schema(description = "A search of one collection; every field but query has a measured default.")
public record SearchRequest(
    @Schema(description = "What to search for: a question or keywords; required, not blank, at most"
        + " engram.retrieval.search.max-query-chars (4096 by default).", minLength = 1, example = "vitamin D and bone density")
    @Nullable String query,
    @Schema(description = "How many hits to return, best first (at most engram.retrieval.search.max-top-k, 1000 by"
        + " default).", minimum = "1", defaultValue = "10")
    @Nullable Integer topK,
    @Schema(description = "Only chunks whose metadata match this filter: one object with exactly one operator."
        + " {\"eq\": {\"key\": k, \"value\": v}}, {\"in\": {\"key\": k, \"values\": [v, ...]}}, {\"range\": {\"key\": k,"
        + " \"gt\"|\"gte\"|\"lt\"|\"lte\": v}}, {\"exists\": {\"key\": k}}, {\"and\": [f, ...]}, {\"or\": [f, ...]},"
        + " {\"not\": f}. Values are strings, numbers or booleans; at most 8 levels deep and 200 conditions.",
        example = "{\"and\": [{\"eq\": {\"key\": \"lang\", \"value\": \"en\"}}, {\"range\": {\"key\": \"year\", \"gte\": 2020}}]}")
    @Nullable ChunkFilter filter,
    @Schema(description = "The conversation so far, oldest first; with it and no rewrite given, the query is rewritten"
        + " 'conversational' (made self-contained with the last user turns).")
    @Nullable List<RewriteRequest.Turn> history,
    @Schema(description = "Query rewriting: none, rm3 (pseudo-relevance feedback), conversational, multi-query, hyde,"
        + " decompose (the last three need a configured chat model). Default: engram.retrieval.rewrite.strategy (none).")
    @Nullable String rewrite,
    @Schema(description = "Reranking of the best fused hits: none, mmr, llm (needs a chat model), cross-encoder (needs"
        + " engram.retrieval.rerank.cross-encoder-path). Default: engram.retrieval.rerank.strategy (none).")
    @Nullable String rerank,
    @Schema(description = "true: each hit explains its rank and score per path, the fusion formula and the rerank;"
        + " the response shows the rewritten query variants.", defaultValue = "false")
    @Nullable Boolean explain,
    @Schema(description = "Recall paths: bm25, dense (dense only in a collection with embeddings). Default: every path"
        + " of the collection.")
    @Nullable List<String> paths,
    @Schema(description = "How the paths' lists are combined: normalized (min-max normalized scores, weighted) or rrf"
        + " (reciprocal rank fusion). Default: engram.retrieval.fusion.strategy (normalized).")
    @Nullable String fusion,
    @Schema(description = "Weight of the dense path in normalized fusion; the lexical path gets the rest. Default:"
        + " engram.retrieval.fusion.dense-weight (0.6).", minimum = "0", maximum = "1")
    @Nullable Double denseWeight,
    @Schema(description = "How many candidates each path hands to fusion, from topK up to the largest topK. Default:"
        + " the larger of topK and engram.retrieval.dense.candidates (100).", minimum = "1")
    @Nullable Integer candidates) {

  public static SearchRequest of(String query, int topK) {
    return builder(query).topK(topK).build();
  }

  /** A request for {@code query} with every other field at its default. */
  public static Builder builder(String query) {
    return new Builder(query);
  }

  /** Builds a {@link SearchRequest}; a field not set keeps its default. */
  public static final class Builder {

    private final String query;
    private @Nullable Integer topK;
    private @Nullable ChunkFilter filter;
    private @Nullable List<RewriteRequest.Turn> history;
    private @Nullable String rewrite;
    private @Nullable String rerank;
    private @Nullable Boolean explain;
    private @Nullable List<String> paths;
    private @Nullable String fusion;
    private @Nullable Double denseWeight;
    private @Nullable Integer candidates;

    private Builder(String query) {
      this.query = Objects.requireNonNull(query, "query");
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder filter(@Nullable ChunkFilter filter) {
      this.filter = filter;
      return this;
    }

    public Builder history(List<RewriteRequest.Turn> history) {
      this.history = List.copyOf(history);
      return this;
    }

    public Builder rewrite(@Nullable String rewrite) {
      this.rewrite = rewrite;
      return this;
    }

    public Builder rerank(@Nullable String rerank) {
      this.rerank = rerank;
      return this;
    }

    public Builder explain(boolean explain) {
      this.explain = explain;
      return this;
    }

    public Builder paths(@Nullable List<String> paths) {
      this.paths = paths == null ? null : new ArrayList<>(paths);
      return this;
    }

    public Builder fusion(@Nullable String fusion) {
      this.fusion = fusion;
      return this;
    }

    public Builder denseWeight(@Nullable Double denseWeight) {
      this.denseWeight = denseWeight;
      return this;
    }

    public Builder candidates(@Nullable Integer candidates) {
      this.candidates = candidates;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(query, topK, filter, history, rewrite, rerank, explain, paths, fusion, denseWeight, candidates);
    }
  }
}
