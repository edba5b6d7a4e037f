package io.engram.retrieval.rewrite;

import java.util.List;
import java.util.Map;

/** What rewriting made of a query: the variants to run and what to show under {@code explain}. */
public record RewrittenQuery(String strategy, List<QueryVariant> variants, Map<String, Object> details) {
  public RewrittenQuery {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a rewritten query needs at least one variant");
    }
    variants = List.copyOf(variants);
  }
}
