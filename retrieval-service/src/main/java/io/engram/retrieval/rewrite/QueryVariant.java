package io.engram.retrieval.rewrite;

import java.util.Map;

/**
 * One query the recall paths run: weighted analyzed terms for BM25 (null: this variant skips the lexical
 * path) and a text to embed for the dense path (null: skips the dense path).
 */
public record QueryVariant(String label, Map<String, Double> lexicalTerms, String denseText) {
}
