package io.engram.eval.answers;

import io.engram.support.identity.IdentityCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code scripts/eval-learning <beir-folder> [--qrels <file>] [--limit N] [--transfer] [--reuse <tenant>/<collection>]}: does what one answer found
 * help the next? Through the real retrieval, memory and LLM services (offline generation), after ingesting the
 * corpus:
 * <ol>
 * <li>round 1: every question in deep mode, answering into a fresh memory namespace with write-back on;</li>
 * <li>waits until memory counted every queued write-back;</li>
 * <li>round 2: every question again in fast mode, same namespace;</li>
 * <li>control: every question in fast mode with an empty namespace.</li>
 * </ol>
 * With {@code --transfer} round 1 asks the odd-numbered questions and round 2 and the control the even-numbered
 * ones: earlier questions differ from later ones. Recall is supporting-passage recall over the first 10 distinct
 * documents of each answer's context; tokens are context tokens per answer (mean); memoryTokens the namespace's
 * stored tokens after round 1; seenTokens the context tokens round 1 read in all. The last line is
 * {@code recall@10_control=<a> recall@10_round1=<b> recall@10_round2=<c> tokens_round1=<t1> tokens_round2=<t2>
 * rounds_round1=<r> memoryTokens=<m> seenTokens=<s> queries=<n>}.
 */
public final class LearningEval {

  private final EvalServices services = new EvalServices("eval-learning");
  private String llm;
  private String memory;
  private String collection;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: eval-learning <beir-folder> [--qrels <file relative to folder>] [--limit N] [--transfer]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    String qrels = null;
    int limit = Integer.MAX_VALUE;
    boolean transfer = false;
    String reuse = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--qrels" -> qrels = args[++i];
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--transfer" -> transfer = true;
        case "--reuse" -> reuse = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    LearningEval eval = new LearningEval();
    try (EvalServices services = eval.services) {
      eval.run(folder, qrels, limit, transfer, reuse);
    }
    System.exit(0);
  }

  /** One answer's figures. */
  private record Answered(double recall, int tokens, int rounds, boolean queued, List<String> via, String memoryFirst,
      boolean degraded) {
  }

  private void run(Path folder, String qrelsName, int limit, boolean transfer, String reuse) throws Exception {
    Map<String, Set<String>> relevant = EvalServices.readQrels(qrelsName != null ? folder.resolve(qrelsName)
        : EvalServices.defaultQrels(folder));
    List<Map.Entry<String, String>> all = new ArrayList<>(EvalServices.queries(folder, relevant, limit).entrySet());
    List<Map.Entry<String, String>> first = new ArrayList<>();
    List<Map.Entry<String, String>> later = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (!transfer) {
        first.add(all.get(i));
        later.add(all.get(i));
      } else {
        (i % 2 == 0 ? first : later).add(all.get(i));
      }
    }
    String secret = System.getenv().getOrDefault("ENGRAM_IDENTITY_SECRET", "eval-" + UUID.randomUUID());
    String retrieval = System.getenv("ENGRAM_RETRIEVAL_URL");
    llm = System.getenv("ENGRAM_LLM_URL");
    memory = System.getenv("ENGRAM_MEMORY_URL");
    if (retrieval == null || llm == null || memory == null) {
      Path root = Path.of(System.getProperty("engram.root", "."));
      retrieval = services.launch(root, "retrieval-service", secret, Map.of());
      memory = services.launch(root, "memory-service", secret, Map.of());
      services.awaitReady(retrieval, "retrieval-service");
      services.awaitReady(memory, "memory-service");
      llm = services.launch(root, "llm-service", secret, Map.of("ENGRAM_RETRIEVAL_URL", retrieval,
          "ENGRAM_MEMORY_URL", memory, "ENGRAM_LLM_PROVIDER", "none"));
      services.awaitReady(llm, "llm-service");
    }
    // --reuse <tenant>/<collection>: a collection this tenant ingested before on the running services (development)
    String tenant = reuse != null ? reuse.split("/")[0] : "learn-" + Long.toString(System.currentTimeMillis(), 36);
    services.identity = new IdentityCodec(secret).sign(tenant, Set.of("read", "write"), Duration.ofHours(6));
    collection = reuse != null ? reuse.split("/")[1] : "learn-" + Long.toString(System.nanoTime(), 36);
    if (reuse == null || services.status(retrieval + "/v1/collections/" + collection) == 404) {
      long t0 = System.nanoTime();
      int documents = services.ingest(retrieval, collection, null, folder.resolve("corpus.jsonl"));
      services.log("ingested %d documents into %s/%s in %d s", documents, tenant, collection,
          (System.nanoTime() - t0) / 1_000_000_000);
    }

    String namespace = "learned-" + Long.toString(System.nanoTime(), 36);
    // 1. round 1: deep, writing back
    List<Answered> round1 = new ArrayList<>();
    Map<String, Answered> firstAnswers = new java.util.HashMap<>();
    for (Map.Entry<String, String> q : first) {
      round1.add(answer(q.getValue(), relevant.get(q.getKey()), "deep", namespace));
      firstAnswers.put(q.getKey(), round1.getLast());
    }
    long queued = round1.stream().filter(Answered::queued).count();
    // 2. every write-back delivered and counted
    JsonNode stats = awaitWriteBacks(namespace, queued);
    // 3. round 2 and 4. control, fast
    List<Answered> round2 = new ArrayList<>();
    List<Answered> control = new ArrayList<>();
    String empty = "empty-" + Long.toString(System.nanoTime(), 36);
    for (Map.Entry<String, String> q : later) {
      Answered a = answer(q.getValue(), relevant.get(q.getKey()), "fast", namespace);
      round2.add(a);
      control.add(answer(q.getValue(), relevant.get(q.getKey()), "fast", empty));
      if (System.getenv("EVAL_VERBOSE") != null) {
        Answered before = firstAnswers.get(q.getKey());
        services.log("%s round1=%s round2=%.2f control=%.2f tokens=%d via=%s %s", q.getKey(),
            before == null ? "-" : String.format(Locale.ROOT, "%.2f", before.recall()), a.recall(), control.getLast().recall(),
            a.tokens(), a.via(), a.memoryFirst());
      }
    }
    JsonNode after = services.get(memory + "/v1/memory/" + namespace + "/stats");
    long seen = round1.stream().mapToLong(Answered::tokens).sum();
    long memoryTokens = stats.path("storedTokens").asLong();
    services.log("round 1: %d answers, %d write-backs queued; memory after round 1: %d live items, %d tokens (%d events); "
        + "after round 2: answersWrittenBack=%d answersUsingMemory=%d", round1.size(), queued,
        stats.path("liveItems").asLong(), memoryTokens, stats.path("events").asLong(),
        after.path("answersWrittenBack").asLong(), after.path("answersUsingMemory").asLong());
    Map<String, Long> decisions = new java.util.TreeMap<>();
    round2.forEach(a -> decisions.merge(a.memoryFirst().isEmpty() ? "none" : a.memoryFirst().split(":")[0], 1L, Long::sum));
    services.log("round 2 memory-first decisions: %s", decisions);
    services.log("control: tokens %.1f; degraded answers: round 1 %d, round 2 %d, control %d", mean(control, a -> a.tokens()),
        round1.stream().filter(Answered::degraded).count(), round2.stream().filter(Answered::degraded).count(),
        control.stream().filter(Answered::degraded).count());
    System.out.printf(Locale.ROOT, "recall@10_control=%.4f recall@10_round1=%.4f recall@10_round2=%.4f tokens_round1=%.1f "
            + "tokens_round2=%.1f rounds_round1=%.2f memoryTokens=%d seenTokens=%d queries=%d%n",
        mean(control, Answered::recall), mean(round1, Answered::recall), mean(round2, Answered::recall),
        mean(round1, a -> a.tokens()), mean(round2, a -> a.tokens()), mean(round1, a -> a.rounds()), memoryTokens, seen,
        later.size());
  }

  private Answered answer(String question, Set<String> relevant, String mode, String namespace) throws Exception {
    ObjectNode request = EvalServices.JSON.createObjectNode().put("question", question).put("mode", mode)
        .put("memoryNamespace", namespace);
    request.putArray("collections").add(collection);
    JsonNode answer = services.post(llm + "/v1/answers", request);
    List<String> docs = new ArrayList<>();
    List<String> via = new ArrayList<>();
    answer.path("context").forEach(c -> {
      EvalServices.addDistinct(docs, c.path("documentId").asString());
      c.path("via").forEach(v -> {
        if (!via.contains(v.asString())) {
          via.add(v.asString());
        }
      });
    });
    String memoryFirst = "";
    for (JsonNode stage : answer.path("trace").path("stages")) {
      if (stage.path("stage").asString().equals("memory-first")) {
        memoryFirst = stage.path("outcome").asString();
      }
    }
    return new Answered(EvalServices.recall(docs, relevant), answer.path("usage").path("contextTokens").asInt(),
        answer.path("trace").path("deep").path("rounds").size(),
        answer.path("writeBack").path("status").asString().equals("queued"), via, memoryFirst,
        answer.path("degraded").asBoolean());
  }

  private JsonNode awaitWriteBacks(String namespace, long queued) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    JsonNode stats = services.get(memory + "/v1/memory/" + namespace + "/stats");
    while (stats.path("answersWrittenBack").asLong() < queued && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      stats = services.get(memory + "/v1/memory/" + namespace + "/stats");
    }
    if (stats.path("answersWrittenBack").asLong() < queued) {
      services.log("only %d of %d write-backs arrived within 5 minutes", stats.path("answersWrittenBack").asLong(), queued);
    }
    return stats;
  }

  private static double mean(List<Answered> answers, java.util.function.ToDoubleFunction<Answered> f) {
    return answers.isEmpty() ? 0 : answers.stream().mapToDouble(f).sum() / answers.size();
  }
}
