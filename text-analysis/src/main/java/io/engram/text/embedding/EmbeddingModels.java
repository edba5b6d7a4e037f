package io.engram.text.embedding;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding models a service has loaded, by name. Loading takes seconds and ~100 MB each, so models
 * load on first use and stay; {@link #register} adds a remote Spring AI model under a name of its own.
 */
public final class EmbeddingModels implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingModels.class);

  private final Map<String, TextEmbedder> loaded = new ConcurrentHashMap<>();
  private final int threads;
  private final int batchSize;
  private volatile boolean closed;
  private final @Nullable Path modelDirectory;

  /** Bundled models only: no user model directory. */
  public EmbeddingModels(int threads, int batchSize) {
    this(threads, batchSize, null);
  }

  /** Also user models ({@code onnx:<folder>}), from folders of {@code modelDirectory} only. */
  public EmbeddingModels(int threads, int batchSize, @Nullable Path modelDirectory) {
    this.threads = threads;
    this.batchSize = batchSize;
    this.modelDirectory = modelDirectory;
  }

  /**
   * The embedder for a catalog name ({@link EmbeddingModelCatalog}) or a registered one.
   *
   * @throws IllegalArgumentException for an unknown name
   * @throws IllegalStateException    once the registry is closed
   */
  public TextEmbedder get(String name) {
    if (closed) {
      throw new IllegalStateException("embedding models are closed (the service is shutting down); cannot use " + name);
    }
    TextEmbedder embedder = loaded.get(name);
    if (embedder != null) {
      return embedder;
    }
    EmbeddingModelSpec spec = EmbeddingModelCatalog.resolve(name, modelDirectory);
    return loaded.computeIfAbsent(name, n -> {
      long start = System.nanoTime();
      TextEmbedder loadedEmbedder = TextEmbedder.of(OnnxEmbeddingModel.load(spec, threads, batchSize));
      log.info("loaded embedding model {} ({} dimensions) in {} ms", n, loadedEmbedder.dimensions(),
          (System.nanoTime() - start) / 1_000_000);
      return loadedEmbedder;
    });
  }

  /** Whether {@code name} is loadable: bundled, a valid user model directory, or registered. */
  public boolean knows(String name) {
    if (loaded.containsKey(name)) {
      return true;
    }
    try {
      EmbeddingModelCatalog.resolve(name, modelDirectory);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks that {@code name} is loadable, as {@link #knows}, but says why not.
   *
   * @throws IllegalArgumentException with the reason: unknown, or a user model outside the model directory
   */
  public void requireKnown(String name) {
    if (!loaded.containsKey(name)) {
      EmbeddingModelCatalog.resolve(name, modelDirectory);
    }
  }

  /** Makes a model available under {@code embedder.name()}, e.g. a remote Spring AI embedding model. */
  public void register(TextEmbedder embedder) {
    loaded.put(embedder.name(), embedder);
  }

  /**
   * Closes the in-process models. Each waits for the calls it is serving (an ingestion batch, a query) before
   * it releases its native memory; later calls fail with a message naming the model.
   */
  @Override
  public void close() {
    closed = true;
    loaded.values().forEach(e -> {
      if (e.model() instanceof OnnxEmbeddingModel onnx) {
        onnx.close();
      }
    });
    loaded.clear();
  }
}
