package io.engram.eval.answers;

import io.engram.support.identity.IdentityCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  private static final JsonMapper JSON = EvalServices.JSON;
  private final EvalServices services = new EvalServices("eval-deep-search");

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
    try (EvalServices services = eval.services) {
      eval.run(folder, qrels, limit, model);
    }
    System.exit(0);
  }

  private void run(Path folder, String qrelsName, int limit, String model) throws Exception {
    Path qrelsFile = qrelsName != null ? folder.resolve(qrelsName) : EvalServices.defaultQrels(folder);
    Map<String, Set<String>> relevant = EvalServices.readQrels(qrelsFile);
    Map<String, String> queries = EvalServices.queries(folder, relevant, limit);
    String secret = System.getenv().getOrDefault("ENGRAM_IDENTITY_SECRET", "eval-" + UUID.randomUUID());
    String retrieval = System.getenv("ENGRAM_RETRIEVAL_URL");
    String llm = System.getenv("ENGRAM_LLM_URL");
    if (retrieval == null || llm == null) {
      Path root = Path.of(System.getProperty("engram.root", "."));
      retrieval = services.launch(root, "retrieval-service", secret, Map.of());
      llm = services.launch(root, "llm-service", secret, Map.of("ENGRAM_RETRIEVAL_URL", retrieval,
          "ENGRAM_MEMORY_URL", "http://127.0.0.1:1", "ENGRAM_LLM_PROVIDER", "none"));
      services.awaitReady(retrieval, "retrieval-service");
      services.awaitReady(llm, "llm-service");
    }
    String tenant = "eval-" + Long.toString(System.currentTimeMillis(), 36);
    services.identity = new IdentityCodec(secret).sign(tenant, Set.of("read", "write"), Duration.ofHours(6));
    String collection = "deep-" + Long.toString(System.nanoTime(), 36);

    // 1. ingest
    long t0 = System.nanoTime();
    int documents = services.ingest(retrieval, collection, model, folder.resolve("corpus.jsonl"));
    services.log("ingested %d documents into %s in %d s", documents, collection, (System.nanoTime() - t0) / 1_000_000_000);

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
      JsonNode hits = services.post(retrieval + "/v1/collections/" + collection + "/search", search).path("hits");
      searchMs.add((System.nanoTime() - s0) / 1_000_000);
      List<String> single = new ArrayList<>();
      hits.forEach(h -> EvalServices.addDistinct(single, h.path("documentId").asString()));
      ObjectNode deep = JSON.createObjectNode().put("question", q.getValue()).put("mode", "deep");
      deep.putArray("collections").add(collection);
      deep.putObject("budget").put("contextTokens", 100_000).put("topK", 10);
      JsonNode answer = services.post(llm + "/v1/answers", deep);
      List<String> deepDocs = new ArrayList<>();
      answer.path("context").forEach(c -> EvalServices.addDistinct(deepDocs, c.path("documentId").asString()));
      int rounds = answer.path("trace").path("deep").path("rounds").size();
      double rs = EvalServices.recall(single, rel);
      double rd = EvalServices.recall(deepDocs, rel);
      singleSum += rs;
      deepSum += rd;
      roundsSum += rounds;
      n++;
      if (System.getenv("EVAL_VERBOSE") != null) {
        services.log("%s single=%.2f deep=%.2f rounds=%d stop=%s", q.getKey(), rs, rd, rounds,
            answer.path("trace").path("deep").path("stopReason").asString());
        if (rd < 1) {
          services.log("  question: %s; missing %s; rounds: %s", q.getValue(), rel.stream().filter(d -> !deepDocs.contains(d)).toList(),
              answer.path("trace").path("deep").path("rounds"));
        }
      }
      // fast-mode answer latency, same question, same run
      ObjectNode fast = JSON.createObjectNode().put("question", q.getValue()).put("mode", "fast");
      fast.putArray("collections").add(collection);
      long a0 = System.nanoTime();
      services.post(llm + "/v1/answers", fast);
      answerMs.add((System.nanoTime() - a0) / 1_000_000);
    }
    services.log("latency over %d queries: search p50=%d ms p95=%d ms; /v1/answers fast (extractive) p50=%d ms p95=%d ms",
        n, EvalServices.pct(searchMs, 50), EvalServices.pct(searchMs, 95), EvalServices.pct(answerMs, 50), EvalServices.pct(answerMs, 95));
    System.out.printf(Locale.ROOT, "search_p50_ms=%d search_p95_ms=%d answers_fast_p50_ms=%d answers_fast_p95_ms=%d%n",
        EvalServices.pct(searchMs, 50), EvalServices.pct(searchMs, 95), EvalServices.pct(answerMs, 50), EvalServices.pct(answerMs, 95));
    System.out.printf(Locale.ROOT, "recall@10_single=%.4f recall@10_deep=%.4f meanRounds=%.2f queries=%d%n",
        singleSum / n, deepSum / n, roundsSum / (double) n, n);
  }

}
