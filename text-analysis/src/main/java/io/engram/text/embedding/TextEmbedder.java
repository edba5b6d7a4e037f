package io.engram.text.embedding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * One embedding model as the services use it: queries and documents get the prefixes the model was trained
 * with, every vector is tagged by the model name that made it. Backed by any Spring AI
 * {@link EmbeddingModel}: the in-process ONNX one, or a remote one configured through Spring AI.
 */
public final class TextEmbedder {

  private final String name;
  private final EmbeddingModel model;
  private final String queryPrefix;
  private final String documentPrefix;
  private final ModelTokenizer tokenizer;

  public TextEmbedder(String name, EmbeddingModel model, String queryPrefix, String documentPrefix,
      ModelTokenizer tokenizer) {
    this.name = Objects.requireNonNull(name, "name cannot be null");
    this.model = Objects.requireNonNull(model, "model cannot be null");
    this.queryPrefix = queryPrefix == null ? "" : queryPrefix;
    this.documentPrefix = documentPrefix == null ? "" : documentPrefix;
    this.tokenizer = tokenizer;
  }

  static TextEmbedder of(OnnxEmbeddingModel onnx) {
    EmbeddingModelSpec spec = onnx.spec();
    return new TextEmbedder(spec.name(), onnx, spec.queryPrefix(), spec.documentPrefix(), onnx.tokenizer());
  }

  public String name() {
    return name;
  }

  public int dimensions() {
    return model.dimensions();
  }

  /** The Spring AI model behind this embedder. */
  public EmbeddingModel model() {
    return model;
  }

  /** The model's tokenizer when it runs in process; empty for remote models. */
  public Optional<ModelTokenizer> tokenizer() {
    return Optional.ofNullable(tokenizer);
  }

  public float[] embedQuery(String query) {
    return model.embed(queryPrefix + query);
  }

  /** Vectors for {@code texts} in order; batched by the model. */
  public List<float[]> embedDocuments(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    return model.embed(documentPrefix.isEmpty() ? texts : texts.stream().map(t -> documentPrefix + t).toList());
  }
}
