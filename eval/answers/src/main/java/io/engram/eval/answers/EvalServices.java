package io.engram.eval.answers;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the LLM service's evaluations share: the services started from their jars on free ports (and stopped), calls
 * with a signed identity, a BEIR corpus ingested into a collection, the queries that have qrels, and recall of the
 * top 10 distinct documents.
 */
final class EvalServices implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();
  private final String tag;
  String identity;

  EvalServices(String tag) {
    this.tag = tag;
  }

  /** Queries of a BEIR folder that have relevant documents, in file order, at most {@code limit}. */
  static Map<String, String> queries(Path folder, Map<String, Set<String>> relevant, int limit) throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    for (String line : Files.readAllLines(folder.resolve("queries.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode q = JSON.readTree(line);
      String id = q.path("_id").asString();
      if (relevant.containsKey(id) && queries.size() < limit) {
        queries.put(id, q.path("text").asString());
      }
    }
    return queries;
  }

  static void addDistinct(List<String> docs, String id) {
    if (id != null && !id.isEmpty() && !docs.contains(id) && docs.size() < 10) {
      docs.add(id);
    }
  }

  static double recall(List<String> top10, Set<String> relevant) {
    long found = top10.stream().filter(relevant::contains).count();
    return relevant.isEmpty() ? 0 : found / (double) relevant.size();
  }

  static long pct(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  int ingest(String retrieval, String collection, String model, Path corpus) throws Exception {
    ObjectNode create = JSON.createObjectNode().put("name", collection);
    if (model != null) {
      create.put("embeddingModel", model); // "none": a BM25-only collection
    }
    post(retrieval + "/v1/collections", create);
    List<String> jobs = new ArrayList<>();
    int count = 0;
    ObjectNode batch = JSON.createObjectNode();
    var docs = batch.putArray("documents");
    try (BufferedReader reader = Files.newBufferedReader(corpus)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode d = JSON.readTree(line);
        ObjectNode doc = docs.addObject().put("id", d.path("_id").asString()).put("text", d.path("text").asString());
        if (d.hasNonNull("title") && !d.path("title").asString().isBlank()) {
          doc.put("title", d.path("title").asString());
        }
        count++;
        if (docs.size() == 200) {
          jobs.add(post(retrieval + "/v1/collections/" + collection + "/documents", batch).path("jobId").asString());
          docs.removeAll();
        }
      }
    }
    if (!docs.isEmpty()) {
      jobs.add(post(retrieval + "/v1/collections/" + collection + "/documents", batch).path("jobId").asString());
    }
    for (String job : jobs) {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(60));
      while (true) {
        JsonNode state = get(retrieval + "/v1/jobs/" + job);
        String s = state.path("state").asString();
        if (s.equals("succeeded")) {
          break;
        }
        if (s.equals("failed") || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("ingestion job " + job + " ended " + s + ": " + state);
        }
        Thread.sleep(500);
      }
    }
    return count;
  }

  JsonNode post(String url, JsonNode body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json").header("X-Engram-Identity", identity)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return send(request);
  }

  /** The status of a GET, without failing on 4xx. */
  int status(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
        .header("X-Engram-Identity", identity).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  JsonNode get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1))
        .header("X-Engram-Identity", identity).GET().build());
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": "
          + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  static Path defaultQrels(Path folder) throws IOException {
    for (String name : List.of("test.tsv", "dev.tsv", "train.tsv")) {
      if (Files.isRegularFile(folder.resolve("qrels").resolve(name))) {
        return folder.resolve("qrels").resolve(name);
      }
    }
    try (var files = Files.list(folder.resolve("qrels"))) {
      return files.filter(f -> f.toString().endsWith(".tsv")).sorted().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no qrels in " + folder));
    }
  }

  static Map<String, Set<String>> readQrels(Path file) throws IOException {
    Map<String, Set<String>> relevant = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.split("\t");
      if (parts.length < 3 || parts[0].equals("query-id")) {
        continue;
      }
      if (Double.parseDouble(parts[2].strip()) > 0) {
        relevant.computeIfAbsent(parts[0], k -> new LinkedHashSet<>()).add(parts[1]);
      }
    }
    return relevant;
  }

  String launch(Path root, String name, String secret, Map<String, String> env) throws IOException {
    Path jar;
    try (var files = Files.list(root.resolve(name).resolve("target"))) {
      jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no runnable jar of " + name + "; build it first"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path logs = root.resolve("target").resolve("eval-logs");
    Files.createDirectories(logs);
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "-jar",
        jar.toString(), "--server.port=" + port)
        .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().put("ENGRAM_IDENTITY_SECRET", secret);
    builder.environment().putAll(env);
    processes.add(builder.start());
    log("started %s on port %d (log: %s)", name, port, logs.resolve(name + ".log"));
    return "http://127.0.0.1:" + port;
  }

  void awaitReady(String url, String name) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see target/eval-logs");
        }
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(name + " not ready in time");
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[" + tag + "] " + format + "%n", args);
  }
}
