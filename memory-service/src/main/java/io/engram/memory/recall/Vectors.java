package io.engram.memory.recall;

import io.engram.memory.config.MemoryProperties;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.TextEmbedder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The memory service's one embedding model (from the shared {@link EmbeddingModels}) and token counting with
 * that model's tokenizer, so that stored and ingested token counts are the model's own.
 */
@Component
public class Vectors {

  private final EmbeddingModels models;
  private final String modelName;
  private volatile TextEmbedder embedder;

  public Vectors(EmbeddingModels models, MemoryProperties properties) {
    this.models = models;
    this.modelName = properties.embeddingModel();
  }

  private TextEmbedder embedder() {
    TextEmbedder e = embedder;
    if (e == null) {
      e = models.get(modelName);
      embedder = e;
    }
    return e;
  }

  public String modelName() {
    return modelName;
  }

  public float[] embedDocument(String text) {
    return embedder().embedDocuments(List.of(text)).getFirst();
  }

  public float[] embedQuery(String text) {
    return embedder().embedQuery(text);
  }

  /** Tokens of {@code text} by the model's tokenizer (whitespace words for a remote model). */
  public int tokens(String text) {
    if (text.isBlank()) {
      return 0;
    }
    return embedder().tokenizer().map(t -> t.count(text)).orElseGet(() -> text.strip().split("\\s+").length);
  }
}
