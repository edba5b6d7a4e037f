package io.engram.retrieval.rewrite;

/**
 * One query rewriting strategy: turns a query (and its conversation) into the query variants that recall
 * runs. Implementations are named as requests spell them.
 */
public interface QueryRewriter {

  String name();

  RewrittenQuery rewrite(RewriteRequest request);
}
