package io.engram.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under test ({@code helm/engram}) driven through helm-java, which runs Helm's own Go code
 * in-process (no helm binary, nothing downloaded): lint, template, and parsing of the rendered
 * manifests into fabric8 model objects.
 */
final class HelmChart {

  static final String RELEASE = "engram";
  static final String NAMESPACE = "engram";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private HelmChart() {
  }

  /** The repository root: {@code engram.root} (set by Surefire) or the parent of the module directory. */
  static Path root() {
    String configured = System.getProperty("engram.root");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    if (!Files.isDirectory(root.resolve("helm/engram"))) {
      throw new IllegalStateException("helm/engram not found under " + root.toAbsolutePath());
    }
    return root.toAbsolutePath().normalize();
  }

  static Path chartDir() {
    return root().resolve("helm/engram");
  }

  /** The value files in {@code ci/}, one chart variant each. */
  static List<Path> ciValues() {
    try (Stream<Path> files = Files.list(chartDir().resolve("ci"))) {
      return files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** {@code helm template} with the given values file (null for the defaults) and {@code --set} pairs. */
  static String template(Path valuesFile, Map<String, Object> sets) {
    TemplateCommand command = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  static Rendered render(Path valuesFile) {
    return render(valuesFile, Map.of());
  }

  static Rendered render(Path valuesFile, Map<String, Object> sets) {
    return new Rendered(parse(template(valuesFile, sets)));
  }

  /**
   * {@code helm lint --strict} with a values file. helm-java's lint takes no values file, so the file is
   * merged over values.yaml (Helm's coalescing: maps merge, other values replace) in a copy of the chart.
   */
  static LintResult lint(Path valuesFile) {
    if (valuesFile == null) {
      return new Helm(chartDir()).lint().strict().call();
    }
    try {
      Path copy = Files.createTempDirectory("engram-chart-").resolve("engram");
      copyTree(chartDir(), copy);
      Yaml yaml = new Yaml();
      Map<String, Object> defaults = yaml.load(Files.readString(copy.resolve("values.yaml")));
      Map<String, Object> overrides = yaml.load(Files.readString(valuesFile));
      Map<String, Object> merged = merge(defaults, overrides == null ? Map.of() : overrides);
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(merged));
      return new Helm(copy).lint().strict().call();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Splits a multi-document manifest and reads each document as a typed fabric8 object (or a generic one). */
  static List<HasMetadata> parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : documents(manifest)) {
      objects.add(SERIALIZATION.unmarshal(document));
    }
    return objects;
  }

  /** The non-empty documents of a multi-document YAML stream, in order. */
  static List<String> documents(String manifest) {
    List<String> documents = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      boolean empty = document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"));
      if (!empty) {
        documents.add(document.strip() + "\n");
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    overrides.forEach((key, value) -> {
      Object current = merged.get(key);
      if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> currentMap) {
        merged.put(key, merge((Map<String, Object>) currentMap, (Map<String, Object>) map));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
