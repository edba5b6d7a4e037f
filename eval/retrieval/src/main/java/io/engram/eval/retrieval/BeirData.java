package io.engram.eval.retrieval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data set in BEIR layout: {@code corpus.jsonl} ({@code _id}, optional {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and a qrels TSV ({@code query-id, corpus-id, score} with
 * a header line; score > 0 is relevant).
 */
record BeirData(List<Doc> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

  record Doc(String id, String title, String text) {
  }

  static BeirData load(Path folder, String qrelsFile) {
    JsonMapper json = JsonMapper.builder().build();
    List<Doc> corpus = new ArrayList<>();
    lines(folder.resolve("corpus.jsonl"), line -> {
      JsonNode n = json.readTree(line);
      corpus.add(new Doc(text(n, "_id"), text(n, "title"), text(n, "text")));
    });
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    boolean[] header = {true};
    lines(folder.resolve(qrelsFile), line -> {
      String[] f = line.split("\t");
      if (header[0]) {
        header[0] = false;
        if (f.length >= 3 && !f[2].trim().matches("-?\\d+")) {
          return;
        }
      }
      if (f.length >= 3) {
        qrels.computeIfAbsent(f[0].trim(), q -> new LinkedHashMap<>()).put(f[1].trim(), Integer.parseInt(f[2].trim()));
      }
    });
    Map<String, String> queries = new LinkedHashMap<>();
    lines(folder.resolve("queries.jsonl"), line -> {
      JsonNode n = json.readTree(line);
      String id = text(n, "_id");
      if (qrels.containsKey(id)) {
        queries.put(id, text(n, "text"));
      }
    });
    return new BeirData(corpus, queries, qrels);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static void lines(Path file, java.util.function.Consumer<String> each) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          each.accept(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
