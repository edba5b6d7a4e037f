package io.engram.eval.retrieval;

import io.engram.retrieval.RetrievalApplication;
import io.engram.retrieval.collection.ChunkingSettings;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.ingest.DocumentInput;
import io.engram.retrieval.ingest.IngestionJobs;
import io.engram.retrieval.ingest.JobView;
import io.engram.retrieval.chunking.SourceFormat;
import io.engram.retrieval.search.SearchResponse;
import io.engram.retrieval.search.SearchService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code scripts/eval-retrieval}: evaluates the real ingestion and search code on a BEIR folder. Boots the
 * service's Spring context (web server on a random port) against the configured database, creates a fresh
 * collection (or reuses a named one), ingests the corpus through ingestion jobs, runs every judged query
 * through {@link SearchService} and prints nDCG@10, Recall@10 and Recall@100; with several pipelines, one
 * line each, all on the same ingested collection. The last line is always
 * {@code nDCG@10=<x> Recall@10=<y> Recall@100=<z> queries=<n>}.
 */
public final class EvalMain {

  static final String TENANT = "eval";

  private EvalMain() {
  }

  public static void main(String[] args) throws Exception {
    Path folder = null;
    String qrels = "qrels/test.tsv";
    String language = "en";
    List<String> pipelines = new ArrayList<>(List.of("default"));
    String model = null;
    String collectionName = null;
    boolean reuse = false;
    boolean keep = false;
    ChunkingSettings chunking = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--qrels" -> qrels = args[++i];
        case "--language" -> language = args[++i];
        case "--pipeline", "--pipelines" -> pipelines = List.of(args[++i].split(";"));
        case "--model" -> model = args[++i];
        case "--collection" -> collectionName = args[++i];
        case "--reuse" -> reuse = true;
        case "--keep" -> keep = true;
        case "--chunking" -> chunking = chunking(args[++i]);
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> {
          if (args[i].startsWith("--") || folder != null) {
            usage();
            System.exit(2);
          }
          folder = Path.of(args[i]);
        }
      }
    }
    if (folder == null || !Files.isDirectory(folder)) {
      usage();
      System.exit(2);
    }
    BeirData data = BeirData.load(folder, qrels);
    log("loaded %d documents, %d judged queries from %s (%s)", data.corpus().size(), data.queries().size(), folder, qrels);
    String name = collectionName != null ? collectionName
        : "eval-" + folder.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    String[] lines;
    // system properties outrank application.yml (builder defaults would not): never take the service's port 8081
    System.setProperty("server.port", "0");
    System.setProperty("logging.level.root", "WARN");
    System.setProperty("logging.level.io.engram", "WARN");
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetrievalApplication.class)
        .web(WebApplicationType.SERVLET) // service-support wires tenancy for servlet services only
        .properties("spring.main.banner-mode=off")
        .run()) {
      CollectionStore collections = context.getBean(CollectionStore.class);
      IngestionJobs jobs = context.getBean(IngestionJobs.class);
      SearchService search = context.getBean(SearchService.class);
      boolean exists = collections.find(TENANT, name).isPresent();
      if (exists && !reuse) {
        throw new IllegalStateException("collection " + name + " exists; pass --reuse to evaluate it as it is");
      }
      if (!exists) {
        collections.create(TENANT, name, language, model, chunking);
        ingest(jobs, name, data);
      } else {
        // a run that died mid-ingestion left its jobs behind: this process's runner resumes them
        for (java.util.UUID open : jobs.openJobs(TENANT, name)) {
          log("waiting for unfinished job %s of %s", open, name);
          await(jobs, jobs.view(TENANT, open).orElseThrow());
        }
        log("reusing collection %s (%d chunks)", name, collections.require(TENANT, name).chunkCount());
      }
      lines = new String[pipelines.size()];
      for (int p = 0; p < pipelines.size(); p++) {
        lines[p] = evaluate(search, name, data, pipelines.get(p));
        if (pipelines.size() > 1) {
          log("pipeline=%s %s", pipelines.get(p), lines[p]);
        }
      }
      if (collectionName == null && !keep) {
        collections.delete(TENANT, name);
      }
    }
    for (int p = 0; p < lines.length; p++) {
      if (lines.length > 1) {
        System.out.println("pipeline=" + pipelines.get(p) + " " + lines[p]);
      }
    }
    System.out.println(lines[lines.length - 1]);
    System.exit(0);
  }

  private static void ingest(IngestionJobs jobs, String collection, BeirData data) throws InterruptedException {
    long start = System.nanoTime();
    List<JobView> submitted = new ArrayList<>();
    int batch = 2000;
    for (int from = 0; from < data.corpus().size(); from += batch) {
      List<DocumentInput> docs = data.corpus().subList(from, Math.min(from + batch, data.corpus().size())).stream()
          .map(d -> new DocumentInput(d.id(), d.title(), d.text(), null, SourceFormat.TEXT)).toList();
      submitted.add(jobs.submit(TENANT, collection, docs, null));
    }
    int failed = 0;
    for (JobView job : submitted) {
      failed += await(jobs, job).failed();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log("ingested %d documents (%d failed) in %.1f s (%.1f docs/s)", data.corpus().size(), failed, seconds,
        data.corpus().size() / seconds);
  }

  /** {@code standard} or {@code parent-child[:parentTokens=512,childTokens=128,childOverlapTokens=16]}. */
  static ChunkingSettings chunking(String spec) {
    String strategy = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    Map<String, Integer> options = new java.util.HashMap<>();
    if (spec.contains(":")) {
      for (String option : spec.substring(spec.indexOf(':') + 1).split(",")) {
        String[] kv = option.split("=", 2);
        if (kv.length != 2 || !Set.of("parentTokens", "childTokens", "childOverlapTokens").contains(kv[0])) {
          throw new IllegalArgumentException("chunking option '" + option
              + "' is not parentTokens=, childTokens= or childOverlapTokens=<n>");
        }
        options.put(kv[0], Integer.parseInt(kv[1]));
      }
    }
    return new ChunkingSettings(strategy, options.get("parentTokens"), options.get("childTokens"),
        options.get("childOverlapTokens"));
  }

  private static JobView await(IngestionJobs jobs, JobView job) throws InterruptedException {
    JobView state = job;
    long lastLog = 0;
    while (!state.finished()) {
      Thread.sleep(1000);
      state = jobs.view(TENANT, job.jobId()).orElseThrow();
      if (System.nanoTime() - lastLog > 30_000_000_000L) {
        lastLog = System.nanoTime();
        log("job %s: %d/%d documents", job.jobId(), state.succeeded() + state.failed(), state.total());
      }
    }
    state.errors().stream().limit(5).forEach(e -> log("document %s failed: %s", e.documentId(), e.message()));
    return state;
  }

  static String evaluate(SearchService search, String collection, BeirData data, String pipeline) {
    double ndcg = 0;
    double r10 = 0;
    double r100 = 0;
    int n = 0;
    long start = System.nanoTime();
    for (Map.Entry<String, String> query : data.queries().entrySet()) {
      SearchResponse response = search.search(TENANT, collection, Pipelines.request(pipeline, query.getValue(), 100));
      Set<String> ranked = new LinkedHashSet<>();
      for (SearchResponse.Hit hit : response.hits()) {
        ranked.add(hit.documentId()); // a document ranks where its best chunk does
      }
      List<String> docs = List.copyOf(ranked);
      Map<String, Integer> judged = data.qrels().get(query.getKey());
      ndcg += Metrics.ndcg(docs, judged, 10);
      r10 += Metrics.recall(docs, judged, 10);
      r100 += Metrics.recall(docs, judged, 100);
      n++;
    }
    log("pipeline %s: %d queries in %.1f s", pipeline, n, (System.nanoTime() - start) / 1e9);
    return String.format(Locale.ROOT, "nDCG@10=%.4f Recall@10=%.4f Recall@100=%.4f queries=%d",
        n == 0 ? 0 : ndcg / n, n == 0 ? 0 : r10 / n, n == 0 ? 0 : r100 / n, n);
  }

  private static void log(String format, Object... args) {
    System.err.println("[eval] " + String.format(Locale.ROOT, format, args));
  }

  private static void usage() {
    System.err.println("""
        usage: scripts/eval-retrieval <beir-folder> [--qrels qrels/test.tsv] [--language en|zh|...]
                 [--pipeline <name>[;<name>...]] [--model <embedding model>] [--collection <name> [--reuse]] [--keep]
                 [--chunking standard|parent-child[:parentTokens=512,childTokens=128,childOverlapTokens=16]]
        pipelines: %s, each with options name:w=0.6,candidates=200,rewrite=rm3,rerank=mmr,fusion=rrf
        """.formatted(Pipelines.NAMES));
  }
}
