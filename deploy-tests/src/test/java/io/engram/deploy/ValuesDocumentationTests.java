package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * values.yaml is the chart's API: every key is documented by a {@code ## @param} line (on itself or on
 * the object that holds it), every {@code @param} names a real key, the schema types every top-level key,
 * and the chart README's parameter tables are generated from those lines
 * ({@code -Dengram.update=true} rewrites them, as scripts/render-k8s does).
 */
class ValuesDocumentationTests {

  private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");
  private static final Pattern SECTION = Pattern.compile("^\\s*## @section (.+)$");
  static final String START = "<!-- parameters:start (generated from values.yaml by scripts/render-k8s) -->";
  static final String END = "<!-- parameters:end -->";

  record Param(String section, String key, String description) {
  }

  static List<Param> params() throws IOException {
    List<Param> params = new ArrayList<>();
    String section = "";
    for (String line : Files.readAllLines(HelmChart.chartDir().resolve("values.yaml"))) {
      Matcher s = SECTION.matcher(line);
      Matcher p = PARAM.matcher(line);
      if (s.matches()) {
        section = s.group(1).strip();
      } else if (p.matches()) {
        params.add(new Param(section, p.group(1), p.group(2).strip()));
      }
    }
    return params;
  }

  static Map<String, Object> values() throws IOException {
    return new Yaml().load(Files.readString(HelmChart.chartDir().resolve("values.yaml")));
  }

  @Test
  void everyKeyIsDocumentedAndEveryParamIsAKey() throws IOException {
    Map<String, Object> values = values();
    List<String> documented = params().stream().map(Param::key).toList();
    assertThat(documented).doesNotHaveDuplicates();
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", values, documented, undocumented);
    assertThat(undocumented).as("keys of values.yaml without ## @param").isEmpty();
    assertThat(documented).allSatisfy(key -> assertThat(lookup(values, key)).as("@param %s names a key", key).isTrue());
  }

  @Test
  void theSchemaTypesEveryTopLevelKey() throws IOException {
    String schema = Files.readString(HelmChart.chartDir().resolve("values.schema.json"));
    for (String key : values().keySet()) {
      assertThat(schema).as("values.schema.json describes %s", key).contains("\"" + key + "\": {");
    }
  }

  @Test
  void theChartReadmeListsEveryParameter() throws IOException {
    Path readme = HelmChart.chartDir().resolve("README.md");
    String content = Files.readString(readme);
    int start = content.indexOf(START);
    int end = content.indexOf(END);
    assertThat(start).as("README.md has the parameters markers").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String generated = START + "\n" + table() + END;
    if (Boolean.getBoolean("engram.update")) {
      content = content.substring(0, start) + generated + content.substring(end + END.length());
      Files.writeString(readme, content);
      end = content.indexOf(END);
    }
    assertThat(content.substring(start, end + END.length()))
        .as("helm/engram/README.md parameters are stale: run scripts/render-k8s").isEqualTo(generated);
  }

  static String table() throws IOException {
    Map<String, Object> values = values();
    Map<String, List<Param>> bySection = new LinkedHashMap<>();
    for (Param param : params()) {
      bySection.computeIfAbsent(param.section(), s -> new ArrayList<>()).add(param);
    }
    StringBuilder out = new StringBuilder();
    bySection.forEach((section, params) -> {
      out.append("\n### ").append(section).append("\n\n| Name | Description | Value |\n| --- | --- | --- |\n");
      for (Param param : params) {
        out.append("| `").append(param.key()).append("` | ").append(param.description().replace("|", "\\|"))
            .append(" | ").append(display(valueAt(values, param.key()))).append(" |\n");
      }
    });
    return out.append('\n').toString();
  }

  private static String display(Object value) {
    if (value instanceof Map<?, ?> map && !map.isEmpty() || value instanceof List<?> list && !list.isEmpty()) {
      String json = flow(value);
      return json.length() > 60 ? "see values.yaml" : "`" + json + "`";
    }
    return "`" + flow(value) + "`";
  }

  private static String flow(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(k + ": " + flow(v)));
      return "{" + String.join(", ", entries) + "}";
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(ValuesDocumentationTests::flow).toList()) + "]";
    }
    if (value instanceof String s) {
      return s.isEmpty() ? "\"\"" : s;
    }
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static void collectUndocumented(String prefix, Map<String, Object> node, List<String> documented,
      List<String> undocumented) {
    node.forEach((key, value) -> {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (documented.contains(path)) {
        return;
      }
      if (value instanceof Map<?, ?> map && !map.isEmpty()) {
        collectUndocumented(path, (Map<String, Object>) map, documented, undocumented);
      } else {
        undocumented.add(path);
      }
    });
  }

  private static boolean lookup(Map<String, Object> values, String key) {
    Object node = values;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return false;
      }
      node = map.get(part);
    }
    return true;
  }

  private static Object valueAt(Map<String, Object> values, String key) {
    Object node = values;
    for (String part : key.split("\\.")) {
      node = ((Map<?, ?>) node).get(part);
    }
    return node;
  }
}
