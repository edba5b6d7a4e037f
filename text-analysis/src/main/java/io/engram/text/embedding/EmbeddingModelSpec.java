package io.engram.text.embedding;

import java.util.Objects;

/**
 * Everything needed to load and use one ONNX embedding model: where its model and tokenizer are, how it
 * pools, its dimension, the prefixes its training expects on queries and documents, and the longest input
 * it was trained on.
 *
 * @param name           stable name stored with every vector, e.g. {@code bge-small-en-v1.5-q}
 * @param modelLocation  {@code classpath:...} or a file path of the {@code .onnx} model
 * @param tokenizerLocation {@code classpath:...} or a file path of the HuggingFace {@code tokenizer.json}
 * @param pooling        CLS or MEAN pooling
 * @param dimensions     vector dimension; 0 for a user model means "read it off the model when loading"
 * @param queryPrefix    prepended to queries (e.g. bge's retrieval instruction, e5's {@code query: })
 * @param documentPrefix prepended to documents (e.g. e5's {@code passage: })
 * @param maxTokens      input length limit in tokens, special tokens included
 * @param dynamicallyQuantized whether the model quantizes activations at run time; such a model computes
 *                       its quantization scale over the whole input tensor, so a text's vector would depend on
 *                       the other texts (and padding) in its batch: these models embed one text per call
 */
public record EmbeddingModelSpec(String name, String modelLocation, String tokenizerLocation, Pooling pooling,
    int dimensions, String queryPrefix, String documentPrefix, int maxTokens, boolean dynamicallyQuantized) {

  public EmbeddingModelSpec {
    Objects.requireNonNull(name, "name cannot be null");
    Objects.requireNonNull(modelLocation, "modelLocation cannot be null");
    Objects.requireNonNull(tokenizerLocation, "tokenizerLocation cannot be null");
    Objects.requireNonNull(pooling, "pooling cannot be null");
    if (dimensions < 0) {
      throw new IllegalArgumentException("illegal dimensions: " + dimensions + ", must be positive (or 0: detect)");
    }
    if (maxTokens < 8 || maxTokens > 8192) {
      throw new IllegalArgumentException("illegal maxTokens: " + maxTokens + ", must be in [8, 8192]");
    }
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    documentPrefix = documentPrefix == null ? "" : documentPrefix;
  }

  public EmbeddingModelSpec withMaxTokens(int tokens) {
    return new EmbeddingModelSpec(name, modelLocation, tokenizerLocation, pooling, dimensions, queryPrefix,
        documentPrefix, tokens, dynamicallyQuantized);
  }

  public EmbeddingModelSpec withDimensions(int detected) {
    return new EmbeddingModelSpec(name, modelLocation, tokenizerLocation, pooling, detected, queryPrefix,
        documentPrefix, maxTokens, dynamicallyQuantized);
  }
}
