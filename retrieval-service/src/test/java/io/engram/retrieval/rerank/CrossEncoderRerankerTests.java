package io.engram.retrieval.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No cross-encoder ships in a Maven artifact, so the scoring of a real one cannot run here. What can run:
 * loading a user model directory through onnxruntime with pair tokenization, end to end, with the one
 * BERT-style ONNX model we have (an embedding model), which the reranker must reject because its output
 * is not one logit per pair; and the logit extraction for the output shapes cross-encoders have.
 */
class CrossEncoderRerankerTests {

  @TempDir
  Path dir;

  @Test
  void anEmbeddingModelIsRejectedWhenLoadedBecauseItGivesNoLogits() throws IOException {
    copy("all-minilm-l6-v2-q.onnx", dir.resolve("model.onnx"));
    copy("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> CrossEncoderReranker.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a cross-encoder: output shape [1, ")
        .hasMessageContaining(", 384]");
  }

  @Test
  void aDirectoryWithoutModelFilesIsRejected() {
    assertThatThrownBy(() -> CrossEncoderReranker.load(dir)).hasMessageContaining("must hold model.onnx and tokenizer.json");
  }

  @Test
  void logitsAreReadFromTheShapesCrossEncodersHave() {
    assertThat(CrossEncoderReranker.logits(new float[] {0.5f, -1f}, new long[] {2}, 2)).containsExactly(0.5f, -1f);
    assertThat(CrossEncoderReranker.logits(new float[] {0.5f, -1f}, new long[] {2, 1}, 2)).containsExactly(0.5f, -1f);
    // two-class heads: the last column is "relevant"
    assertThat(CrossEncoderReranker.logits(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, new long[] {2, 2}, 2)).containsExactly(0.9f, 0.2f);
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = CrossEncoderRerankerTests.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("resource %s", resource).isNotNull();
      Files.copy(in, target);
    }
  }
}
