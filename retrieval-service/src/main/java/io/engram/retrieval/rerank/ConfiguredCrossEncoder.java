package io.engram.retrieval.rerank;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@value CrossEncoderReranker#NAME} reranker of a service: the model of
 * {@code engram.retrieval.rerank.cross-encoder-path}, loaded (and checked) the first time a search asks for it,
 * then kept. Without a configured path it is unavailable (no cross-encoder ships with Engram).
 */
public final class ConfiguredCrossEncoder implements Reranker {

  private final @Nullable String path;
  private volatile @Nullable CrossEncoderReranker loaded;

  public ConfiguredCrossEncoder(@Nullable String path) {
    this.path = path;
  }

  @Override
  public String name() {
    return CrossEncoderReranker.NAME;
  }

  @Override
  public @Nullable String unavailableReason() {
    return path == null || path.isBlank()
        ? "The cross-encoder reranker needs engram.retrieval.rerank.cross-encoder-path (no cross-encoder ships with Engram)."
        : null;
  }

  @Override
  public void prepare() {
    model();
  }

  @Override
  public List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates) {
    return model().rerank(query, queryVector, candidates);
  }

  private CrossEncoderReranker model() {
    CrossEncoderReranker model = loaded;
    if (model == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = CrossEncoderReranker.load(Path.of(path));
        }
        model = loaded;
      }
    }
    return model;
  }
}
