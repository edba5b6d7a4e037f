package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfiles agree with the chart and the house rules: a Java 25 JRE base (never {@code latest}),
 * Spring Boot's layered extraction, no build tool in the final stage, the non-root uid the chart runs
 * as, and the port the chart probes. (No Docker engine here: the images themselves are not built.)
 */
class ImageBuildTests {

  private static final Map<String, String> SERVICES = Map.of(
      "gateway", "gateway", "retrieval-service", "retrieval", "memory-service", "memory", "llm-service", "llm");

  @Test
  void everyServiceHasAHardenedLayeredDockerfileMatchingTheChart() throws IOException {
    Map<String, Object> values = new Yaml().load(Files.readString(HelmChart.chartDir().resolve("values.yaml")));
    Map<?, ?> podSecurity = (Map<?, ?>) values.get("podSecurityContext");
    for (Map.Entry<String, String> service : SERVICES.entrySet()) {
      Path dockerfile = HelmChart.root().resolve(service.getKey()).resolve("Dockerfile");
      assertThat(dockerfile).exists();
      String content = Files.readString(dockerfile);
      String finalStage = content.substring(content.lastIndexOf("\nFROM "));

      Matcher base = Pattern.compile("(?m)^ARG JAVA_IMAGE=(\\S+)$").matcher(content);
      assertThat(base.find()).isTrue();
      assertThat(base.group(1)).as(service.getKey()).startsWith("eclipse-temurin:25-jre").doesNotContain("latest");
      assertThat(content).contains("-Djarmode=tools -jar application.jar extract --layers")
          .contains("COPY target/" + service.getKey() + "-*-exec.jar");
      for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
        assertThat(finalStage).contains("/build/extracted/" + layer + "/");
      }
      assertThat(finalStage).doesNotContainPattern("(?i)\\b(mvn|mvnw|gradle|javac|apt-get install)\\b");

      Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(finalStage);
      assertThat(user.find()).as("%s runs as a numeric non-root user", service.getKey()).isTrue();
      assertThat(Integer.parseInt(user.group(1))).isPositive().isEqualTo(podSecurity.get("runAsUser"));
      assertThat(Integer.parseInt(user.group(2))).isEqualTo(podSecurity.get("runAsGroup"));

      Map<?, ?> component = (Map<?, ?>) values.get(service.getValue());
      assertThat(finalStage).contains("EXPOSE " + component.get("containerPort"))
          .contains("ENV PORT=" + component.get("containerPort"));
      assertThat(finalStage).contains("--enable-native-access=ALL-UNNAMED");
    }
  }

  @Test
  void theChartVersionFollowsTheMavenProjectVersion() throws IOException {
    Map<String, Object> chart = new Yaml().load(Files.readString(HelmChart.chartDir().resolve("Chart.yaml")));
    String projectVersion = System.getProperty("engram.version");
    assertThat(projectVersion).as("engram.version is set by the build").isNotBlank();
    assertThat(chart.get("appVersion")).as("Chart.yaml appVersion = image tag = project version").isEqualTo(projectVersion);
  }
}
