package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.engram.text.embedding.EmbeddingModelCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18's bug: a collection searched right after its ingestion, for every bundled model (the Chinese one
 * included), answers with its documents; the first query must not find the model's tokenizer released.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchAfterIngestionTests {

  @Autowired
  TestRestTemplate http;

  static Stream<String> bundledModels() {
    return EmbeddingModelCatalog.bundled().stream();
  }

  @ParameterizedTest
  @MethodSource("bundledModels")
  void aFreshCollectionIsSearchableRightAfterItsIngestion(String model) {
    boolean chinese = model.contains("-zh-");
    RetrievalApi api = new RetrievalApi(http, TestIdentities.uniqueTenant("fresh"));
    String collection = "fresh-" + model.replaceAll("[^a-z0-9]", "-");
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections",
        Map.of("name", collection, "language", chinese ? "zh" : "en", "embeddingModel", model));
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    List<Map<String, Object>> docs = chinese
        ? List.of(RetrievalApi.doc("panda", "熊猫", "大熊猫主要生活在四川的山区，以竹子为食。", null),
            RetrievalApi.doc("tea", "茶叶", "茶叶起源于中国，绿茶和红茶都很受欢迎。", null),
            RetrievalApi.doc("wall", "长城", "长城是世界上最长的城墙，修建于两千多年前。", null))
        : List.of(RetrievalApi.doc("panda", "Giant pandas", "Giant pandas live in the mountains of Sichuan and eat bamboo.", null),
            RetrievalApi.doc("tea", "Tea", "Tea comes from China; green and black tea are both popular.", null),
            RetrievalApi.doc("wall", "The Great Wall", "The Great Wall is the longest wall in the world, built over two thousand years ago.", null));
    JsonNode job = api.ingest(collection, docs);
    assertThat(job.get("state").asString()).isEqualTo("succeeded");

    for (List<String> paths : List.of(List.of("dense"), List.of("bm25", "dense"))) {
      ResponseEntity<String> r = api.search(collection, Map.of("query", chinese ? "熊猫吃什么" : "what do pandas eat", "paths", paths));
      assertThat(r.getStatusCode().value()).as("%s %s: %s", model, paths, r.getBody()).isEqualTo(200);
      assertThat(RetrievalApi.json(r).get("hits").get(0).get("documentId").asString()).as("%s %s", model, paths).isEqualTo("panda");
    }
  }
}
