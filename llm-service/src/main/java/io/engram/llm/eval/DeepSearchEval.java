package io.engram.llm.eval;

import io.engram.support.identity.IdentityCodec;
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
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code scripts/eval-deep-search <beir-folder> [--qrels <file>] [--model <embedding model|none>]}: ingests
 * a BEIR corpus through the real retrieval service (into a collection of the given model, the default
 * one without {@code --model}), then runs every query once single-shot (one search, top 10) and once through the
 * LLM service's deep search (offline planner), and reports supporting-passage recall@10 of each (for deep:
 * the best 10 documents of the fused context over all rounds) and the mean number of rounds. In the same
 * run it measures {@code /v1/answers} fast mode (extractive) latency next to raw search latency. Starts
 * retrieval and LLM services from their jars on free ports unless {@code ENGRAM_RETRIEVAL_URL} and
 * {@code ENGRAM_LLM_URL} point at running ones (which then must share {@code ENGRAM_IDENTITY_SECRET}).
 * The last line is {@code recall@10_single=<x> recall@10_deep=<y> meanRounds=<r> queries=<n>}.
 */
public final class DeepSearchEval {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();
  private String identity;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: eval-deep-search <beir-folder> [--qrels <file relative to folder>] [--limit N] [--model <embedding model|none>]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    String qrels = null;
    int limit = Integer.MAX_VALUE;
    String model = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--qrels" -> qrels = args[++i];
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--model" -> model = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    DeepSearchEval eval = new DeepSearchEval();
    try {
      eval.run(folder, qrels, limit, model);
    } finally {
      eval.stop();
    }
    System.exit(0);
  }

  private void run(Path folder, String qrelsName, int limit, String model) throws Exception {
    Path qrelsFile = qrelsName != null ? folder.resolve(qrelsName) : defaultQrels(folder);
    Map<String, Set<String>> relevant = readQrels(qrelsFile);
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
    String secret = System.getenv().getOrDefault("ENGRAM_IDENTITY_SECRET", "eval-" + UUID.randomUUID());
    String retrieval = System.getenv("ENGRAM_RETRIEVAL_URL");
    String llm = System.getenv("ENGRAM_LLM_URL");
    if (retrieval == null || llm == null) {
      Path root = Path.of(System.getProperty("engram.root", "."));
      retrieval = launch(root, "retrieval-service", secret, Map.of());
      llm = launch(root, "llm-service", secret, Map.of("ENGRAM_RETRIEVAL_URL", retrieval,
          "ENGRAM_MEMORY_URL", "http://127.0.0.1:1", "ENGRAM_LLM_PROVIDER", "none"));
      awaitReady(retrieval, "retrieval-service");
      awaitReady(llm, "llm-service");
    }
    String tenant = "eval-" + Long.toString(System.currentTimeMillis(), 36);
    identity = new IdentityCodec(secret).sign(tenant, Set.of("read", "write"), Duration.ofHours(6));
    String collection = "deep-" + Long.toString(System.nanoTime(), 36);

    // 1. ingest
    long t0 = System.nanoTime();
    int documents = ingest(retrieval, collection, model, folder.resolve("corpus.jsonl"));
    log("ingested %d documents into %s in %d s", documents, collection, (System.nanoTime() - t0) / 1_000_000_000);

    // 2. single-shot and deep for every query
    double singleSum = 0;
    double deepSum = 0;
    int roundsSum = 0;
    int n = 0;
    List<Long> searchMs = new ArrayList<>();
    List<Long> answerMs = new ArrayList<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      Set<String> rel = relevant.get(q.getKey());
      ObjectNode search = JSON.createObjectNode().put("query", q.getValue()).put("topK", 10);
      long s0 = System.nanoTime();
      JsonNode hits = post(retrieval + "/v1/collections/" + collection + "/search", search).path("hits");
      searchMs.add((System.nanoTime() - s0) / 1_000_000);
      List<String> single = new ArrayList<>();
      hits.forEach(h -> addDistinct(single, h.path("documentId").asString()));
      ObjectNode deep = JSON.createObjectNode().put("question", q.getValue()).put("mode", "deep");
      deep.putArray("collections").add(collection);
      deep.putObject("budget").put("contextTokens", 100_000).put("topK", 10);
      JsonNode answer = post(llm + "/v1/answers", deep);
      List<String> deepDocs = new ArrayList<>();
      answer.path("context").forEach(c -> addDistinct(deepDocs, c.path("documentId").asString()));
      int rounds = answer.path("trace").path("deep").path("rounds").size();
      double rs = recall(single, rel);
      double rd = recall(deepDocs, rel);
      singleSum += rs;
      deepSum += rd;
      roundsSum += rounds;
      n++;
      if (System.getenv("EVAL_VERBOSE") != null) {
        log("%s single=%.2f deep=%.2f rounds=%d stop=%s", q.getKey(), rs, rd, rounds,
            answer.path("trace").path("deep").path("stopReason").asString());
        if (rd < 1) {
          log("  question: %s; missing %s; rounds: %s", q.getValue(), rel.stream().filter(d -> !deepDocs.contains(d)).toList(),
              answer.path("trace").path("deep").path("rounds"));
        }
      }
      // fast-mode answer latency, same question, same run
      ObjectNode fast = JSON.createObjectNode().put("question", q.getValue()).put("mode", "fast");
      fast.putArray("collections").add(collection);
      long a0 = System.nanoTime();
      post(llm + "/v1/answers", fast);
      answerMs.add((System.nanoTime() - a0) / 1_000_000);
    }
    log("latency over %d queries: search p50=%d ms p95=%d ms; /v1/answers fast (extractive) p50=%d ms p95=%d ms",
        n, pct(searchMs, 50), pct(searchMs, 95), pct(answerMs, 50), pct(answerMs, 95));
    System.out.printf(Locale.ROOT, "search_p50_ms=%d search_p95_ms=%d answers_fast_p50_ms=%d answers_fast_p95_ms=%d%n",
        pct(searchMs, 50), pct(searchMs, 95), pct(answerMs, 50), pct(answerMs, 95));
    System.out.printf(Locale.ROOT, "recall@10_single=%.4f recall@10_deep=%.4f meanRounds=%.2f queries=%d%n",
        singleSum / n, deepSum / n, roundsSum / (double) n, n);
  }

  private static void addDistinct(List<String> docs, String id) {
    if (id != null && !id.isEmpty() && !docs.contains(id) && docs.size() < 10) {
      docs.add(id);
    }
  }

  private static double recall(List<String> top10, Set<String> relevant) {
    long found = top10.stream().filter(relevant::contains).count();
    return relevant.isEmpty() ? 0 : found / (double) relevant.size();
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private int ingest(String retrieval, String collection, String model, Path corpus) throws Exception {
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

  private JsonNode post(String url, JsonNode body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json").header("X-Engram-Identity", identity)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return send(request);
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
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

  private static Path defaultQrels(Path folder) throws IOException {
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

  private static Map<String, Set<String>> readQrels(Path file) throws IOException {
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

  private String launch(Path root, String name, String secret, Map<String, String> env) throws IOException {
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

  private void awaitReady(String url, String name) throws Exception {
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

  private void stop() {
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

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[eval-deep-search] " + format + "%n", args);
  }
}
