/** Reranking strategies: MMR, LLM listwise, ONNX cross-encoder. */
@NullMarked
package io.engram.retrieval.rerank;

import org.jspecify.annotations.NullMarked;
