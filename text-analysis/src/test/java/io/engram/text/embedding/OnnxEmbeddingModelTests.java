package io.engram.text.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Our batched ONNX runner against langchain4j's one-text-per-call reference implementation of the same
 * model files: batching, padding and pooling must not change the vectors.
 */
class OnnxEmbeddingModelTests {

  static final List<String> TEXTS = List.of(
      "Aspirin reduces the risk of heart attack in adults over fifty.",
      "The Eiffel Tower is in Paris.",
      "Ribosomes translate messenger RNA into proteins; this process is called translation and happens in the cytoplasm.",
      "Short.",
      "A much longer sentence about glaciers retreating in the Alps, measured by satellites every summer since 1990, "
          + "with the loss of ice accelerating over the last decade according to several independent studies.");

  static final EmbeddingModels MODELS = new EmbeddingModels(0, 4);

  @AfterAll
  static void close() {
    MODELS.close();
  }

  @Test
  void bgeVectorsMatchTheReferenceImplementation() {
    assertMatchesReference("bge-small-en-v1.5-q", new BgeSmallEnV15QuantizedEmbeddingModel());
  }

  @Test
  void miniLmVectorsMatchTheReferenceImplementation() {
    assertMatchesReference("all-minilm-l6-v2-q", new AllMiniLmL6V2QuantizedEmbeddingModel());
  }

  private void assertMatchesReference(String name, AbstractInProcessEmbeddingModel reference) {
    TextEmbedder ours = MODELS.get(name);
    List<float[]> batched = ours.model().embed(TEXTS);
    List<float[]> expected = reference.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content().stream()
        .map(e -> e.vector()).toList();
    assertThat(batched).hasSize(TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(batched.get(i)).hasSize(384);
      assertThat(cosine(batched.get(i), expected.get(i))).as("text %d", i).isGreaterThan(0.999);
      assertThat(norm(batched.get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void fullPrecisionBgeMatchesTheReferenceImplementation() {
    assertMatchesReference("bge-small-en-v1.5", new dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel());
  }

  @Test
  void aTextsVectorDoesNotDependOnItsBatchNeighbours() {
    for (String name : List.of("bge-small-en-v1.5", "bge-small-en-v1.5-q")) {
      TextEmbedder embedder = MODELS.get(name);
      List<float[]> together = embedder.model().embed(TEXTS);
      IntStream.range(0, TEXTS.size()).forEach(i -> assertThat(
          cosine(embedder.model().embed(TEXTS.get(i)), together.get(i))).as("%s text %d", name, i).isGreaterThan(0.99999));
    }
  }

  @Test
  void queryFindsItsPassageBeforeUnrelatedOnes() {
    TextEmbedder bge = MODELS.get("bge-small-en-v1.5-q");
    float[] query = bge.embedQuery("Does aspirin prevent heart attacks?");
    List<float[]> docs = bge.embedDocuments(TEXTS);
    double relevant = cosine(query, docs.get(0));
    for (int i = 1; i < docs.size(); i++) {
      assertThat(relevant).isGreaterThan(cosine(query, docs.get(i)));
    }
  }

  @Test
  void chineseModelHas512Dimensions() {
    TextEmbedder zh = MODELS.get("bge-small-zh-v1.5-q");
    assertThat(zh.dimensions()).isEqualTo(512);
    float[] query = zh.embedQuery("阿司匹林能预防心脏病吗？");
    List<float[]> docs = zh.embedDocuments(List.of("阿司匹林可以降低心脏病发作的风险。", "埃菲尔铁塔位于巴黎。"));
    assertThat(cosine(query, docs.get(0))).isGreaterThan(cosine(query, docs.get(1)));
  }

  @Test
  void tokenizerCountsAndSpansTokens() {
    ModelTokenizer tokenizer = MODELS.get("bge-small-en-v1.5-q").tokenizer().orElseThrow();
    String text = "Ribosomes translate messenger RNA.";
    List<ModelTokenizer.Span> spans = tokenizer.spans(text);
    assertThat(tokenizer.count(text)).isEqualTo(spans.size()).isGreaterThan(4);
    assertThat(text.substring(spans.getFirst().start(), spans.getFirst().end())).isEqualTo("Rib");
    assertThat(spans.getLast().end()).isEqualTo(text.length());
  }

  @Test
  void unknownModelIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> MODELS.get("no-such-model"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bge-small-en-v1.5-q");
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(float[] a) {
    return Math.sqrt(cosineSelf(a));
  }

  static double cosineSelf(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v * v;
    }
    return s;
  }
}
