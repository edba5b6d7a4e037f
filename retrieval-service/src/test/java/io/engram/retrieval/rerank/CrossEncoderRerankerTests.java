package io.engram.retrieval.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No trained cross-encoder ships in a Maven artifact; {@link MiniLmPairModel} builds one with the
 * cross-encoder's interface from the bundled MiniLM (the pair is encoded jointly, the logit is a
 * cosine between its two segments), so loading, pair tokenization, batching and ordering run for real.
 * The plain embedding model must be rejected because its output is not one logit per pair.
 */
class CrossEncoderRerankerTests {

  @TempDir
  Path dir;

  @TempDir
  static Path pairModelDir;

  static Path pairModel;

  @BeforeAll
  static void writePairModel() {
    pairModel = MiniLmPairModel.writeTo(pairModelDir);
  }

  @Test
  void anEmbeddingModelIsRejectedWhenLoadedBecauseItGivesNoLogits() throws IOException {
    copy("all-minilm-l6-v2-q.onnx", dir.resolve("model.onnx"));
    copy("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
    assertThatThrownBy(() -> CrossEncoderReranker.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a cross-encoder: output shape [1, ")
        .hasMessageContaining(", 384]");
  }

  private static final String QUERY = "How do plants turn sunlight into food?";
  private static final List<RerankCandidate> CANDIDATES = List.of(
      new RerankCandidate(1, "The central bank raised interest rates again this quarter.", 0.9, null),
      new RerankCandidate(2, "Football clubs sign new players during the summer transfer window.", 0.8, null),
      new RerankCandidate(3, "Photosynthesis in leaves converts light energy into sugars.", 0.7, null),
      new RerankCandidate(4, "Chlorophyll absorbs light, and the plant stores the energy as glucose in its cells.", 0.6, null));

  @Test
  void aCrossEncoderReordersCandidatesByTheJointReadingOfQueryAndPassage() {
    try (CrossEncoderReranker reranker = CrossEncoderReranker.load(pairModel)) {
      List<RerankCandidate> out = reranker.rerank(QUERY, null, CANDIDATES);
      assertThat(out).extracting(RerankCandidate::chunkId).as("the two passages about photosynthesis lead")
          .startsWith(3L, 4L).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
      assertThat(out).extracting(RerankCandidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
      assertThat(out.get(1).score() - out.get(2).score()).as("margin to the first unrelated passage").isGreaterThan(0.05);
    }
  }

  @Test
  void aBatchOfPairsOfDifferentLengthsScoresAsEachPairAlone() {
    try (CrossEncoderReranker reranker = CrossEncoderReranker.load(pairModel)) {
      List<String> passages = CANDIDATES.stream().map(RerankCandidate::text).toList();
      float[] batch = reranker.score(QUERY, passages);
      assertThat(batch).hasSize(4);
      for (int i = 0; i < passages.size(); i++) {
        float alone = reranker.score(QUERY, List.of(passages.get(i)))[0];
        assertThat(batch[i]).as("padding must not change pair %d", i).isCloseTo(alone, org.assertj.core.data.Offset.offset(1e-4f));
      }
      assertThat(reranker.score("interest rates", List.of(passages.get(0)))[0])
          .as("the score depends on the query").isGreaterThan(reranker.score(QUERY, List.of(passages.get(0)))[0]);
    }
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
