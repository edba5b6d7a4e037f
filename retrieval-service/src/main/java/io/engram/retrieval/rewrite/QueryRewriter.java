package io.engram.retrieval.rewrite;

import org.jspecify.annotations.Nullable;

/**
 * One query rewriting strategy: turns a query (and its conversation) into the query variants that recall
 * runs. Implementations are named as requests spell them.
 */
public interface QueryRewriter {

  String name();

  RewrittenQuery rewrite(RewriteRequest request);

  /** Why this strategy cannot run in this service (e.g. no chat model is configured), or null when it can. */
  default @Nullable String unavailableReason() {
    return null;
  }
}
