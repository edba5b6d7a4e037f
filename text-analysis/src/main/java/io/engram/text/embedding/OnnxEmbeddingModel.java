package io.engram.text.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A Spring AI {@link EmbeddingModel} that runs a BERT-style ONNX model in process with onnxruntime, in
 * real batches: texts are tokenized, sorted by length and grouped so that padding stays small, each group
 * goes through the model in one call, and the token vectors are pooled (CLS or mean) and L2-normalized.
 * Batching is what makes ingestion fast on CPUs; langchain4j's in-process models embed one text per call.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {

  /** Default measured on 2 cores (the batch size's is engram.embedding.batch-size's, 32); see docs/benchmarks.md. */
  public static final int DEFAULT_MAX_BATCH_TOKENS = 8192;

  private final EmbeddingModelSpec spec;
  private final Pooling pooling;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final HuggingFaceTokenizer untruncated;
  private final ModelTokenizer countingTokenizer;
  private final UseGuard guard;
  private final int batchSize;
  private final int maxBatchTokens;
  private final int dimensions;

  private OnnxEmbeddingModel(EmbeddingModelSpec spec, OrtSession session, HuggingFaceTokenizer tokenizer,
      HuggingFaceTokenizer untruncated, int batchSize, int maxBatchTokens) {
    this.pooling = spec.pooling();
    this.session = session;
    this.tokenizer = tokenizer;
    this.untruncated = untruncated;
    this.guard = new UseGuard("embedding model " + spec.name());
    this.countingTokenizer = new ModelTokenizer(untruncated, guard);
    this.batchSize = batchSize;
    this.maxBatchTokens = maxBatchTokens;
    int detected = embedTexts(List.of("dimension probe")).getFirst().length;
    if (spec.dimensions() != 0 && spec.dimensions() != detected) {
      close();
      throw new IllegalStateException("model " + spec.name() + " gives " + detected + " dimensions, spec says " + spec.dimensions());
    }
    this.dimensions = detected;
    this.spec = spec.withDimensions(detected);
  }

  /**
   * Loads the model and tokenizer of {@code spec}.
   *
   * @param threads   onnxruntime intra-op threads (0: all cores)
   * @param batchSize texts per model call
   */
  public static OnnxEmbeddingModel load(EmbeddingModelSpec spec, int threads, int batchSize) {
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("illegal batchSize: " + batchSize + ", must be in [1, 1024]");
    }
    try {
      OrtSession session = OnnxFiles.session(read(spec.modelLocation()),
          threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
      byte[] tokenizerJson = read(spec.tokenizerLocation());
      HuggingFaceTokenizer truncating = tokenizer(tokenizerJson, Map.of(
          "padding", "false", "truncation", "true", "maxLength", String.valueOf(spec.maxTokens())));
      HuggingFaceTokenizer untruncated = tokenizer(tokenizerJson, Map.of(
          "padding", "false", "truncation", "false", "modelMaxLength", "1000000"));
      // see EmbeddingModelSpec#dynamicallyQuantized: batching would make vectors depend on batch neighbours
      int rows = spec.dynamicallyQuantized() ? 1 : batchSize;
      return new OnnxEmbeddingModel(spec, session, truncating, untruncated, rows, DEFAULT_MAX_BATCH_TOKENS);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load ONNX model " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  private static HuggingFaceTokenizer tokenizer(byte[] json, Map<String, String> options) {
    try (InputStream in = new java.io.ByteArrayInputStream(json)) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        try (InputStream in = OnnxEmbeddingModel.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalArgumentException("no resource " + resource + " on the class path");
          }
          return in.readAllBytes();
        }
      }
      return Files.readAllBytes(Path.of(location));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  public EmbeddingModelSpec spec() {
    return spec;
  }

  /** The model's own tokenizer, without truncation, for counting and cutting text. */
  public ModelTokenizer tokenizer() {
    return countingTokenizer;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<float[]> vectors = embedTexts(request.getInstructions());
    List<Embedding> embeddings = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      embeddings.add(new Embedding(vectors.get(i), i));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embedTexts(List.of(document.getText() == null ? "" : document.getText())).getFirst();
  }

  /**
   * Embeds texts as given (no prefixes), in input order, each vector of unit length.
   *
   * @throws IllegalStateException once the model is closed
   */
  public List<float[]> embedTexts(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    return guard.use(() -> embedOpen(texts));
  }

  private List<float[]> embedOpen(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts.stream().map(t -> t == null ? "" : t).toList());
    Integer[] order = new Integer[encodings.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] out = new float[encodings.length][];
    int start = 0;
    while (start < order.length) {
      int end = start;
      int longest = 0;
      while (end < order.length && end - start < batchSize) {
        int length = encodings[order[end]].getIds().length;
        if (end > start && (long) Math.max(longest, length) * (end - start + 1) > maxBatchTokens) {
          break;
        }
        longest = Math.max(longest, length);
        end++;
      }
      runBatch(encodings, Arrays.copyOfRange(order, start, end), out);
      start = end;
    }
    return Arrays.asList(out);
  }

  private void runBatch(Encoding[] encodings, Integer[] indices, float[][] out) {
    List<Encoding> rows = new ArrayList<>(indices.length);
    for (Integer index : indices) {
      rows.add(encodings[index]);
    }
    try {
      BertBatch.run(session, rows, (output, mask, length) -> {
        long[] outShape = output.getInfo().getShape();
        FloatBuffer values = output.getFloatBuffer();
        for (int r = 0; r < indices.length; r++) {
          out[indices[r]] = outShape.length == 2
              ? pooled(values, r, (int) outShape[1])
              : pool(values, mask, r, length, (int) outShape[2]);
        }
        return null;
      });
    } catch (OrtException e) {
      throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
    }
  }


  private static float[] pooled(FloatBuffer values, int row, int dim) {
    float[] vector = new float[dim];
    values.get(row * dim, vector, 0, dim);
    return normalize(vector);
  }

  private float[] pool(FloatBuffer values, long[] mask, int row, int length, int dim) {
    float[] vector = new float[dim];
    int base = row * length * dim;
    if (pooling == Pooling.CLS) {
      values.get(base, vector, 0, dim);
      return normalize(vector);
    }
    int counted = 0;
    for (int t = 0; t < length; t++) {
      if (mask[row * length + t] == 0) {
        continue;
      }
      counted++;
      int offset = base + t * dim;
      for (int d = 0; d < dim; d++) {
        vector[d] += values.get(offset + d);
      }
    }
    if (counted > 0) {
      for (int d = 0; d < dim; d++) {
        vector[d] /= counted;
      }
    }
    return normalize(vector);
  }

  static float[] normalize(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] / norm);
      }
    }
    return vector;
  }

  /** Whether {@link #close()} has run: every call fails from then on. */
  public boolean isClosed() {
    return guard.isClosed();
  }

  /**
   * Releases the session and both tokenizers once the calls in flight have finished; calls after it fail
   * with an {@link IllegalStateException} naming the model. Closing twice does nothing.
   */
  @Override
  public void close() {
    guard.close(() -> {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      } finally {
        tokenizer.close();
        untruncated.close();
      }
    });
  }
}
