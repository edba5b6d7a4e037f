package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.retrieval.SampleCorpus;
import io.engram.retrieval.rerank.CrossEncoderReranker;
import io.engram.retrieval.rerank.MiniLmPairModel;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The search endpoint with a cross-encoder configured by path (a real ONNX model, see {@link MiniLmPairModel}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEncoderSearchTests {

  private static final Path MODEL = pairModel();

  @Autowired
  TestRestTemplate http;

  RetrievalApi api;

  @DynamicPropertySource
  static void crossEncoder(DynamicPropertyRegistry registry) {
    registry.add("engram.retrieval.rerank.cross-encoder-path", MODEL::toString);
  }

  private static Path pairModel() {
    try {
      Path dir = Files.createTempDirectory("cross-encoder");
      dir.toFile().deleteOnExit();
      Path model = MiniLmPairModel.writeTo(dir);
      model.resolve("model.onnx").toFile().deleteOnExit();
      model.resolve("tokenizer.json").toFile().deleteOnExit();
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  void corpus() {
    api = new RetrievalApi(http, TestIdentities.uniqueTenant("cross"));
    api.createCollection("kb");
    assertThat(api.ingest("kb", SampleCorpus.documents()).get("succeeded").asInt()).isEqualTo(6);
  }

  @Test
  void hitsComeInTheCrossEncodersOrderWithItsScoresExplained() {
    String query = "how do plants make sugar from light";
    ResponseEntity<String> r = api.search("kb", Map.of("query", query, "topK", 6, "rerank", "cross-encoder", "explain", true));
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
    JsonNode hits = RetrievalApi.json(r).get("hits");
    assertThat(hits).hasSize(6);
    assertThat(hits.get(0).get("documentId").asString()).isEqualTo("photosynthesis");

    List<String> texts = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      JsonNode hit = hits.get(i);
      JsonNode rerank = hit.get("explanation").get("rerank");
      assertThat(rerank.get("strategy").asString()).isEqualTo("cross-encoder");
      assertThat(rerank.get("rank").asInt()).isEqualTo(i + 1);
      assertThat(hit.get("score").asDouble()).isEqualTo(rerank.get("score").asDouble());
      texts.add(hit.get("text").asString());
      scores.add(hit.get("score").asDouble());
    }
    assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    try (CrossEncoderReranker model = CrossEncoderReranker.load(MODEL)) {
      float[] direct = model.score(query, texts);
      for (int i = 0; i < direct.length; i++) {
        assertThat(scores.get(i)).as("hit %d scored by the model itself", i).isCloseTo(direct[i], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }
}
