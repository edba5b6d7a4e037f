/** Reranking strategies: MMR, LLM listwise, ONNX cross-encoder. */
package io.engram.retrieval.rerank;
