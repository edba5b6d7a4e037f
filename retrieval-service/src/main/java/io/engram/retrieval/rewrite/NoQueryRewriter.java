package io.engram.retrieval.rewrite;

import java.util.List;
import java.util.Map;

/** Runs the query as given on both paths. */
public final class NoQueryRewriter implements QueryRewriter {

  public static final String NAME = "none";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RewrittenQuery rewrite(RewriteRequest request) {
    return new RewrittenQuery(NAME, List.of(new QueryVariant("query", request.queryTerms(), request.query())), Map.of());
  }
}
