package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json is enforced by Helm itself: wrong types, unknown keys and a `latest` tag fail the render and the lint. */
class SchemaTests {

  @Test
  void aStringWhereAnIntegerBelongsIsRejected() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("gateway.replicaCount", "two")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicaCount");
  }

  @Test
  void aWrongTypeInAValuesFileFailsTheLint() throws IOException {
    Path values = Files.createTempFile("wrong-type-", "-values.yaml");
    Files.writeString(values, "networkPolicy:\n  enabled: \"yes\"\n");
    assertThatThrownBy(() -> HelmChart.render(values)).hasMessageContaining("networkPolicy");
    LintResult lint = HelmChart.lint(values);
    assertThat(lint.isFailed()).isTrue();
    assertThat(String.join("\n", lint.getMessages())).contains("enabled");
  }

  @Test
  void aMisspelledKeyIsRejectedInsteadOfSilentlyIgnored() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("retreival.replicaCount", 3)))
        .hasMessageContaining("retreival");
  }

  @Test
  void theLatestTagIsRejected() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("image.tag", "latest"))).hasMessageContaining("tag");
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("llm.image.tag", "latest"))).hasMessageContaining("tag");
  }

  @Test
  void validOverridesPassTheSchema() {
    assertThat(HelmChart.render(null, Map.of("gateway.replicaCount", 3, "gateway.autoscaling.enabled", false))
        .deployment("gateway").getSpec().getReplicas()).isEqualTo(3);
  }
}
