/** Embeddings from ONNX models shipped in Maven artifacts or given by path, behind Spring AI's EmbeddingModel. */
package io.engram.text.embedding;
