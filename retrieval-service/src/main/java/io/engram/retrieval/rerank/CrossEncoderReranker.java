package io.engram.retrieval.rerank;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.engram.text.embedding.BertBatch;
import io.engram.text.embedding.OnnxFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reranks with an ONNX cross-encoder (e.g. a converted ms-marco-MiniLM) that the user supplies as a
 * directory with {@code model.onnx} and {@code tokenizer.json}: each (query, passage) pair is encoded
 * together and the model's logit is the score. No cross-encoder ships in a Maven artifact, so none is
 * bundled. The score is read from the output named {@code logits} (the name Hugging Face exports give
 * it), or from the only output; it must be one logit per pair ({@code [batch]}, {@code [batch, 1]}, or
 * {@code [batch, 2]} whose last column is "relevant"): a model with any other output (e.g. an embedding
 * model) is rejected when loaded.
 */
public final class CrossEncoderReranker implements Reranker, AutoCloseable {

  public static final String NAME = "cross-encoder";
  static final int MAX_TOKENS = 512;
  static final String LOGITS = "logits";

  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final String output;

  private CrossEncoderReranker(OrtSession session, HuggingFaceTokenizer tokenizer) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.output = session.getOutputNames().contains(LOGITS) ? LOGITS : session.getOutputNames().iterator().next();
  }

  /** Loads and checks the model in {@code directory}; a wrong model is an IllegalArgumentException. */
  public static CrossEncoderReranker load(Path directory) {
    Path model = directory.resolve("model.onnx");
    Path tokenizerFile = directory.resolve("tokenizer.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizerFile)) {
      throw new IllegalArgumentException("cross-encoder directory " + directory + " must hold model.onnx and tokenizer.json");
    }
    try {
      OrtSession session = OnnxFiles.session(model, 0);
      HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of(
          "padding", "false", "truncation", "true", "maxLength", String.valueOf(MAX_TOKENS)));
      CrossEncoderReranker reranker = new CrossEncoderReranker(session, tokenizer);
      reranker.score("probe query", List.of("probe passage"));
      return reranker;
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load cross-encoder " + model + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates) {
    float[] scores = score(query, candidates.stream().map(RerankCandidate::text).toList());
    List<RerankCandidate> out = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      RerankCandidate c = candidates.get(i);
      out.add(new RerankCandidate(c.chunkId(), c.text(), scores[i], c.vector()));
    }
    out.sort(Comparator.comparingDouble(RerankCandidate::score).reversed().thenComparingLong(RerankCandidate::chunkId));
    return out;
  }

  /** One relevance logit per passage, for the pair (query, passage). */
  public float[] score(String query, List<String> passages) {
    List<Encoding> pairs = passages.stream().map(passage -> tokenizer.encode(query, passage)).toList();
    try {
      return BertBatch.run(session, pairs, output, (logits, mask, length) -> {
        float[] flat = new float[(int) logits.getInfo().getNumElements()];
        logits.getFloatBuffer().get(flat);
        return logits(flat, logits.getInfo().getShape(), pairs.size());
      });
    } catch (OrtException e) {
      throw new IllegalStateException("cross-encoder failed: " + e.getMessage(), e);
    }
  }

  static float[] logits(float[] flat, long[] shape, int rows) {
    boolean perRow = shape.length == 1 && shape[0] == rows;
    boolean column = shape.length == 2 && shape[0] == rows && (shape[1] == 1 || shape[1] == 2);
    if (!perRow && !column) {
      throw new IllegalArgumentException("not a cross-encoder: output shape " + java.util.Arrays.toString(shape)
          + ", expected [batch], [batch, 1] or [batch, 2]");
    }
    int width = perRow ? 1 : (int) shape[1];
    float[] scores = new float[rows];
    for (int r = 0; r < rows; r++) {
      scores[r] = flat[r * width + width - 1];
    }
    return scores;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    tokenizer.close();
  }
}
