package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The identity secret and admin key that the chart generates at install time live in a pre-install
 * hook Secret kept on upgrade, so they never change after the first install. {@code helm template}
 * through helm-java prints no hooks, so the tests render a copy of the chart whose hook annotation is
 * removed, and check the annotations on the template itself.
 */
class GeneratedSecretTests {

  private static final Path TEMPLATE = HelmChart.chartDir().resolve("templates/secret-auth.yaml");

  @Test
  void theGeneratedSecretIsAPreInstallHookThatHelmKeeps() throws IOException {
    String template = Files.readString(TEMPLATE);
    assertThat(template).contains("helm.sh/hook: pre-install").doesNotContain("pre-upgrade")
        .contains("helm.sh/resource-policy: keep").doesNotContainPattern("\\blookup\\s+\"");
  }

  @Test
  void missingValuesAreGeneratedAndGivenOnesKept() throws IOException {
    Path chart = chartWithoutHookAnnotation();
    Secret first = authSecret(chart, null);
    Secret second = authSecret(chart, null);
    assertThat(decode(first, "identity-secret")).hasSize(48).matches("[A-Za-z0-9]+");
    assertThat(decode(first, "admin-key")).hasSize(48).isNotEqualTo(decode(first, "identity-secret"));
    assertThat(decode(second, "identity-secret")).as("random per install").isNotEqualTo(decode(first, "identity-secret"));

    Secret partial = authSecret(chart, "given-identity-secret");
    assertThat(decode(partial, "identity-secret")).isEqualTo("given-identity-secret");
    assertThat(decode(partial, "admin-key")).hasSize(48);
  }

  @Test
  void nothingIsGeneratedWhenBothValuesOrAnExistingSecretAreGiven() throws IOException {
    Path chart = chartWithoutHookAnnotation();
    Rendered both = new Rendered(HelmChart.parse(new Helm(chart).template().withName(HelmChart.RELEASE)
        .set("auth.identitySecret", "i").set("auth.adminKey", "a").call()));
    assertThat(both.find(Secret.class, HelmChart.RELEASE + "-auth")).isEmpty();
    assertThat(decode(both.get(Secret.class, HelmChart.RELEASE), "identity-secret")).isEqualTo("i");
    assertThat(HelmChart.render(ConfigurationTests.ci("existing-secrets-values.yaml")).all(Secret.class)).isEmpty();
  }

  private static Secret authSecret(Path chart, String identitySecret) {
    var command = new Helm(chart).template().withName(HelmChart.RELEASE);
    if (identitySecret != null) {
      command = command.set("auth.identitySecret", identitySecret);
    }
    return new Rendered(HelmChart.parse(command.call())).get(Secret.class, HelmChart.RELEASE + "-auth");
  }

  private static Path chartWithoutHookAnnotation() throws IOException {
    Path copy = Files.createTempDirectory("engram-chart-").resolve("engram");
    Path source = HelmChart.chartDir();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = copy.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    Path template = copy.resolve("templates/secret-auth.yaml");
    Files.writeString(template, Files.readString(template).replace("helm.sh/hook: pre-install", "engram.test/hook: pre-install"));
    return copy;
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
