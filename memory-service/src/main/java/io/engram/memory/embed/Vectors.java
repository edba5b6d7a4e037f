package io.engram.memory.embed;

import io.engram.memory.MemoryProperties;
import io.engram.memory.extract.Terms;
import io.engram.text.embedding.EmbeddingModelCatalog;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.TextEmbedder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The memory service's embedding models (from the shared {@link EmbeddingModels}): the configured one for text in
 * Latin and most scripts, the bundled Chinese model for text with Han characters (each vector is stored with its
 * model's name, and only vectors of one model are ever compared); token counting with the configured model's
 * tokenizer, so that stored and ingested token counts are the model's own.
 */
@Component
public class Vectors {

  private final EmbeddingModels models;
  private final String modelName;
  private final String chineseModelName;

  public Vectors(EmbeddingModels models, MemoryProperties properties) {
    this.models = models;
    this.modelName = properties.embeddingModel();
    this.chineseModelName = EmbeddingModelCatalog.DEFAULT_CHINESE;
  }

  private TextEmbedder embedder(String name) {
    return models.get(name);
  }

  /** The configured model's name. */
  public String modelName() {
    return modelName;
  }

  /** The model that embeds {@code text}: the Chinese one for text with Han characters, else the configured one. */
  public String modelFor(String text) {
    return Terms.hasHan(text) ? chineseModelName : modelName;
  }

  public float[] embedDocument(String text) {
    return embedder(modelFor(text)).embedDocuments(List.of(text)).getFirst();
  }

  public float[] embedQuery(String text) {
    return embedder(modelFor(text)).embedQuery(text);
  }

  /** Tokens of {@code text} by the configured model's tokenizer (whitespace words for a remote model). */
  public int tokens(String text) {
    if (text.isBlank()) {
      return 0;
    }
    return embedder(modelName).tokenizer().map(t -> t.count(text)).orElseGet(() -> text.strip().split("\\s+").length);
  }
}
