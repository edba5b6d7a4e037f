package io.engram.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents checked into {@code openapi/}: the drift check between what the running code serves
 * and the checked-in file, and the one writer of those files ({@code scripts/update-openapi} runs the drift
 * tests with {@code -Dengram.openapi.update=true}). Documents are written in one canonical form (keys sorted
 * at every level, two-space indentation, a final newline), so that the same code always gives the same bytes.
 */
public final class OpenApiDocuments {

  /** System property that turns the drift check into a rewrite of the checked-in file. */
  public static final String UPDATE = "engram.openapi.update";

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final int DIFF_LINES = 60;

  private OpenApiDocuments() {
  }

  /** The folder {@code openapi/} at the root of the repository. */
  public static Path folder() {
    String root = System.getProperty("engram.root");
    Path dir = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("service-support"))) {
        return p.resolve("openapi");
      }
    }
    throw new IllegalStateException("no repository root above " + dir);
  }

  public static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  /** The checked-in document {@code openapi/<name>}, parsed. */
  public static JsonNode read(String name) {
    try {
      return JSON.readTree(Files.readString(folder().resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical text of a document: keys sorted at every level, arrays in their order. */
  public static String canonical(JsonNode document) {
    return JSON.writeValueAsString(sorted(document)).replace("\r\n", "\n") + "\n";
  }

  /**
   * Fails with a readable diff when the served document differs from {@code openapi/<name>}; with
   * {@code -Dengram.openapi.update=true} writes the served document there instead.
   */
  public static void assertMatchesCheckedIn(String name, String served) {
    assertMatchesCheckedIn(name, JSON.readTree(served));
  }

  public static void assertMatchesCheckedIn(String name, JsonNode served) {
    String actual = canonical(served);
    Path file = folder().resolve(name);
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      String expected = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!expected.equals(actual)) {
        throw new AssertionFailedError("openapi/" + name + " differs from what the code serves; if the change is"
            + " meant, run scripts/update-openapi and commit the file.\n" + diff(expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Operation ids (as {@code METHOD path}) of operations that show no example at all. */
  public static List<String> operationsWithoutExample(JsonNode document) {
    List<String> missing = new ArrayList<>();
    document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      JsonNode operation = op.getValue();
      if (!operation.isObject() || !operation.has("responses")) {
        return;
      }
      boolean example = false;
      for (JsonNode parameter : operation.path("parameters")) {
        example |= parameter.has("example") || parameter.has("examples");
      }
      for (JsonNode media : operation.path("requestBody").path("content")) {
        example |= media.has("example") || media.has("examples");
      }
      for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
        if (response.getKey().startsWith("2")) {
          for (JsonNode media : response.getValue().path("content")) {
            example |= media.has("example") || media.has("examples");
          }
        }
      }
      if (!example) {
        missing.add(operation.path("operationId").asString() + " (" + op.getKey().toUpperCase() + " " + path.getKey() + ")");
      }
    }));
    return missing;
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = JSON.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The changed region between the two texts, with line numbers and three lines of context. */
  static String diff(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    StringBuilder out = new StringBuilder("--- openapi (checked in)\n+++ running code\n");
    int from = Math.max(0, prefix - 3);
    out.append("@@ line ").append(from + 1).append(" @@\n");
    for (int i = from; i < prefix; i++) {
      out.append("  ").append(a.get(i)).append('\n');
    }
    appendSide(out, '-', a.subList(prefix, a.size() - suffix));
    appendSide(out, '+', b.subList(prefix, b.size() - suffix));
    for (int i = a.size() - suffix; i < Math.min(a.size(), a.size() - suffix + 3); i++) {
      out.append("  ").append(a.get(i)).append('\n');
    }
    return out.toString();
  }

  private static void appendSide(StringBuilder out, char sign, List<String> lines) {
    for (int i = 0; i < Math.min(lines.size(), DIFF_LINES); i++) {
      out.append(sign).append(' ').append(lines.get(i)).append('\n');
    }
    if (lines.size() > DIFF_LINES) {
      out.append(sign).append(" ... ").append(lines.size() - DIFF_LINES).append(" more lines\n");
    }
  }
}
