package io.engram.text.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The embedding models Engram can load without a network: those shipped inside Maven artifacts
 * (langchain4j's model jars, whose {@code .onnx} and {@code tokenizer.json} we load ourselves), and any
 * user model given as a directory ({@code onnx:/models/my-model}) holding {@code model.onnx},
 * {@code tokenizer.json} and an optional {@code engram-model.properties} ({@code pooling}, {@code dimensions},
 * {@code queryPrefix}, {@code documentPrefix}, {@code maxTokens}, {@code dynamicallyQuantized}).
 */
public final class EmbeddingModelCatalog {

  /**
   * English default for new collections: e5-small-v2-q, chosen by measurement (issue 18, docs/benchmarks.md):
   * level with bge-small-en-v1.5 f32 on SciFact and better on HotpotQA-100 with the default hybrid search, and
   * 1.7x (calm) to 4-7x (loaded) as many documents a second at ingestion on 2 cores, although it embeds one text
   * per call. A collection keeps the model it was created with.
   */
  public static final String DEFAULT_ENGLISH = "e5-small-v2-q";
  /** Chinese default. */
  public static final String DEFAULT_CHINESE = "bge-small-zh-v1.5-q";
  /** Prefix of user-supplied model directories. */
  public static final String USER_MODEL_PREFIX = "onnx:";

  private static final String BGE_EN_QUERY = "Represent this sentence for searching relevant passages: ";
  private static final String BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章：";

  private static final Map<String, EmbeddingModelSpec> BUNDLED = new LinkedHashMap<>();

  static {
    add(new EmbeddingModelSpec("bge-small-en-v1.5", "classpath:bge-small-en-v1.5.onnx",
        "classpath:bge-small-en-v1.5-tokenizer.json", Pooling.CLS, 384, BGE_EN_QUERY, "", 512, false));
    add(new EmbeddingModelSpec("bge-small-en-v1.5-q", "classpath:bge-small-en-v1.5-q.onnx",
        "classpath:bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS, 384, BGE_EN_QUERY, "", 512, true));
    add(new EmbeddingModelSpec("all-minilm-l6-v2", "classpath:all-minilm-l6-v2.onnx",
        "classpath:all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, 384, "", "", 256, false));
    add(new EmbeddingModelSpec("all-minilm-l6-v2-q", "classpath:all-minilm-l6-v2-q.onnx",
        "classpath:all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, 384, "", "", 256, true));
    add(new EmbeddingModelSpec("e5-small-v2-q", "classpath:e5-small-v2-q.onnx",
        "classpath:e5-small-v2-q-tokenizer.json", Pooling.MEAN, 384, "query: ", "passage: ", 512, true));
    add(new EmbeddingModelSpec(DEFAULT_CHINESE, "classpath:bge-small-zh-v1.5-q.onnx",
        "classpath:bge-small-zh-v1.5-q-tokenizer.json", Pooling.CLS, 512, BGE_ZH_QUERY, "", 512, true));
  }

  private EmbeddingModelCatalog() {
  }

  private static void add(EmbeddingModelSpec spec) {
    BUNDLED.put(spec.name(), spec);
  }

  /** Names of the models that ship with Engram. */
  public static List<String> bundled() {
    return List.copyOf(BUNDLED.keySet());
  }

  /** The default model for a language code: Chinese for {@code zh}, English otherwise. */
  public static String defaultFor(String language) {
    return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh") ? DEFAULT_CHINESE : DEFAULT_ENGLISH;
  }

  /**
   * The spec of a bundled model; user model directories are refused (no model directory configured).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static EmbeddingModelSpec resolve(String name) {
    return resolve(name, null);
  }

  /**
   * The spec of a bundled model or of a user model directory inside {@code modelDirectory}, the one folder
   * the operator allows user models from ({@code null}: none allowed).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones, or a user model outside
   *     the model directory
   */
  public static EmbeddingModelSpec resolve(String name, @Nullable Path modelDirectory) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedding model name cannot be empty; known: " + bundled());
    }
    EmbeddingModelSpec spec = BUNDLED.get(name);
    if (spec != null) {
      return spec;
    }
    if (name.startsWith(USER_MODEL_PREFIX)) {
      return fromDirectory(name, userModelDirectory(modelDirectory, name.substring(USER_MODEL_PREFIX.length())));
    }
    throw new IllegalArgumentException("unknown embedding model '" + name + "'; known: " + bundled()
        + " or " + USER_MODEL_PREFIX + "<directory with model.onnx and tokenizer.json>");
  }

  /**
   * The real path of the user model folder {@code given} (relative to {@code modelDirectory}, or absolute
   * inside it): no {@code ..} segment, and after following symbolic links still inside the real model
   * directory, so that a collection can never make the service read a file the operator did not put there.
   */
  static Path userModelDirectory(@Nullable Path modelDirectory, String given) {
    if (modelDirectory == null) {
      throw new IllegalArgumentException("user embedding models are disabled: the operator has not configured a model"
          + " directory (engram.embedding.model-dir)");
    }
    if (given.isBlank() || given.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("user embedding model path must name a folder in the model directory");
    }
    try {
      Path root = modelDirectory.toRealPath();
      Path path = Path.of(given);
      for (Path segment : path) {
        if (segment.toString().equals("..")) {
          throw new IllegalArgumentException("user embedding model path must not contain '..': " + given);
        }
      }
      Path candidate = path.isAbsolute() ? path.normalize() : root.resolve(path).normalize();
      if (!candidate.startsWith(root) && !candidate.startsWith(modelDirectory.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("user embedding model " + given + " is outside the model directory");
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        throw new IllegalArgumentException("user embedding model " + given + " leads outside the model directory");
      }
      return real;
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("user embedding model path is not a valid path: " + given);
    } catch (IOException e) {
      throw new IllegalArgumentException("no user embedding model folder " + given + " in the model directory");
    }
  }

  static EmbeddingModelSpec fromDirectory(String name, Path directory) {
    Path model = directory.resolve("model.onnx");
    Path tokenizer = directory.resolve("tokenizer.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizer)) {
      throw new IllegalArgumentException("user model directory " + directory + " must hold model.onnx and tokenizer.json");
    }
    Properties properties = new Properties();
    Path config = directory.resolve("engram-model.properties");
    if (Files.isRegularFile(config)) {
      try (InputStream in = Files.newInputStream(config)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new EmbeddingModelSpec(name, model.toString(), tokenizer.toString(),
        Pooling.valueOf(properties.getProperty("pooling", "MEAN").toUpperCase(Locale.ROOT)),
        Integer.parseInt(properties.getProperty("dimensions", "0")),
        properties.getProperty("queryPrefix", ""), properties.getProperty("documentPrefix", ""),
        Integer.parseInt(properties.getProperty("maxTokens", "512")),
        Boolean.parseBoolean(properties.getProperty("dynamicallyQuantized", "false")));
  }
}
