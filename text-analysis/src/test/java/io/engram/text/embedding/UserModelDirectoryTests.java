package io.engram.text.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User models load only from folders of the operator's model directory, whatever the name tries. */
class UserModelDirectoryTests {

  @TempDir
  Path temp;

  Path modelDir;
  Path outside;

  @BeforeEach
  void folders() throws IOException {
    modelDir = Files.createDirectories(temp.resolve("models"));
    modelFolder(modelDir.resolve("mine"));
    outside = modelFolder(temp.resolve("elsewhere"));
  }

  static Path modelFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("model.onnx"), "not read by resolve");
    Files.writeString(folder.resolve("tokenizer.json"), "{}");
    return folder;
  }

  @Test
  void whenNoModelDirectoryIsConfiguredThenUserModelsAreRefused() {
    assertThatThrownBy(() -> EmbeddingModelCatalog.resolve("onnx:" + outside))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engram.embedding.model-dir");
    assertThat(new EmbeddingModels(1, 1).knows("onnx:" + outside)).isFalse();
  }

  @Test
  void whenFolderIsInsideTheModelDirectoryThenItResolvesByRelativeOrAbsolutePath() throws IOException {
    Path real = modelDir.resolve("mine").toRealPath();
    assertThat(Path.of(EmbeddingModelCatalog.resolve("onnx:mine", modelDir).modelLocation())).isEqualTo(real.resolve("model.onnx"));
    assertThat(Path.of(EmbeddingModelCatalog.resolve("onnx:" + modelDir.resolve("mine"), modelDir).modelLocation()))
        .isEqualTo(real.resolve("model.onnx"));
    assertThat(new EmbeddingModels(1, 1, modelDir).knows("onnx:mine")).isTrue();
    assertThat(new EmbeddingModels(1, 1, modelDir).knows(EmbeddingModelCatalog.DEFAULT_ENGLISH)).isTrue();
  }

  @Test
  void whenAbsolutePathIsOutsideTheModelDirectoryThenRefused() {
    assertThatThrownBy(() -> EmbeddingModelCatalog.resolve("onnx:" + outside, modelDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the model directory");
    assertThat(new EmbeddingModels(1, 1, modelDir).knows("onnx:" + outside)).isFalse();
  }

  @Test
  void whenPathClimbsOutWithDotDotThenRefused() {
    for (String name : new String[] {"onnx:../elsewhere", "onnx:mine/../../elsewhere", "onnx:" + modelDir + "/../elsewhere",
        "onnx:mine/.."}) {
      assertThatThrownBy(() -> EmbeddingModelCatalog.resolve(name, modelDir)).as(name)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
    }
  }

  @Test
  void whenSymbolicLinkInsideLeadsOutsideThenRefused() throws IOException {
    Files.createSymbolicLink(modelDir.resolve("escape"), outside);
    assertThatThrownBy(() -> EmbeddingModelCatalog.resolve("onnx:escape", modelDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leads outside the model directory");
    Path inner = Files.createDirectories(modelDir.resolve("mine-link-parent"));
    Files.createSymbolicLink(inner.resolve("m"), modelDir.resolve("mine"));
    assertThat(EmbeddingModelCatalog.resolve("onnx:mine-link-parent/m", modelDir).modelLocation()).endsWith("mine/model.onnx");
  }

  @Test
  void whenPathHasNulOrIsEmptyOrMissingThenRefused() {
    for (String name : new String[] {"onnx:", "onnx:mine\0x", "onnx:nothing-here", "onnx:/etc"}) {
      assertThatThrownBy(() -> EmbeddingModelCatalog.resolve(name, modelDir)).as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
