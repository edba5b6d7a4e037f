/** Embeddings from ONNX models shipped in Maven artifacts or given by path, behind Spring AI's EmbeddingModel. */
@NullMarked
package io.engram.text.embedding;

import org.jspecify.annotations.NullMarked;
