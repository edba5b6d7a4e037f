package io.engram.retrieval.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * User ONNX models through the API: only an admin key may name one, and only a folder of the operator's
 * model directory ({@code engram.embedding.model-dir}); a real model copied there is ingested and searched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class UserModelApiTests {

  static final Path ROOT;
  static final Path MODEL_DIR;
  static final Path OUTSIDE;

  static {
    try {
      ROOT = Files.createTempDirectory("engram-user-models");
      MODEL_DIR = Files.createDirectories(ROOT.resolve("models"));
      copyBundledModel(MODEL_DIR.resolve("minilm"));
      OUTSIDE = ROOT.resolve("outside");
      copyBundledModel(OUTSIDE);
      Files.createSymbolicLink(MODEL_DIR.resolve("escape"), OUTSIDE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundled quantized MiniLM (mean pooling, 384 dimensions) as a user model folder. */
  static void copyBundledModel(Path folder) throws IOException {
    Files.createDirectories(folder);
    try (InputStream model = UserModelApiTests.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx");
         InputStream tokenizer = UserModelApiTests.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(model, folder.resolve("model.onnx"));
      Files.copy(tokenizer, folder.resolve("tokenizer.json"));
    }
    Files.writeString(folder.resolve("engram-model.properties"), "pooling=MEAN\ndimensions=384\nmaxTokens=256\n");
  }

  @DynamicPropertySource
  static void modelDirectory(DynamicPropertyRegistry registry) {
    registry.add("engram.embedding.model-dir", MODEL_DIR::toString);
  }

  @Autowired
  TestRestTemplate http;

  ResponseEntity<String> create(RetrievalApi api, String name, String model) {
    return api.call(HttpMethod.POST, "/v1/collections", Map.of("name", name, "embeddingModel", model));
  }

  @Test
  void whenWriteKeyNamesAUserModelThenForbidden() {
    RetrievalApi writer = new RetrievalApi(http, TestIdentities.uniqueTenant("um-w"), "read", "write");
    for (String model : List.of("onnx:/etc", "onnx:minilm", "onnx:" + OUTSIDE)) {
      ResponseEntity<String> r = create(writer, "c", model);
      assertThat(r.getStatusCode().value()).as(model).isEqualTo(403);
      assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
      assertThat(RetrievalApi.json(r).get("detail").asString()).contains("'admin' scope");
    }
  }

  @Test
  void whenAdminKeyNamesAFolderOutsideTheModelDirectoryThenBadRequest() {
    RetrievalApi admin = new RetrievalApi(http, TestIdentities.uniqueTenant("um-a"), "admin");
    Map<String, String> expected = Map.of(
        "onnx:" + OUTSIDE, "outside the model directory",
        "onnx:../outside", "'..'",
        "onnx:escape", "leads outside the model directory",
        "onnx:/etc", "outside the model directory",
        "onnx:missing", "no user embedding model folder");
    expected.forEach((model, reason) -> {
      ResponseEntity<String> r = create(admin, "c", model);
      assertThat(r.getStatusCode().value()).as(model).isEqualTo(400);
      JsonNode problem = RetrievalApi.json(r);
      assertThat(problem.get("type").asString()).as(model).endsWith("/unknown-embedding-model");
      assertThat(problem.get("detail").asString()).as(model).contains(reason);
      if (!model.startsWith("onnx:/")) {
        // the operator's folder layout is not told to the caller
        assertThat(problem.get("detail").asString()).as(model).doesNotContain(ROOT.toString());
      }
    });
  }

  @Test
  void whenAdminKeyNamesAFolderOfTheModelDirectoryThenItEmbedsWithIt() {
    RetrievalApi admin = new RetrievalApi(http, TestIdentities.uniqueTenant("um-ok"), "admin");
    ResponseEntity<String> created = create(admin, "mine", "onnx:minilm");
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);

    JsonNode job = admin.ingest("mine", List.of(
        RetrievalApi.doc("cats", "Cats", "Cats sleep most of the day and purr when content.", null),
        RetrievalApi.doc("rust", "Rust", "The borrow checker enforces ownership rules at compile time.", null)));
    assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
    JsonNode hits = RetrievalApi.json(admin.search("mine", Map.of("query", "feline napping", "topK", 1,
        "paths", List.of("dense")))).get("hits");
    assertThat(hits.findValuesAsString("documentId")).containsExactly("cats");
  }
}
