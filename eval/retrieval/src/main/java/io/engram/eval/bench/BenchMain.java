package io.engram.eval.bench;

import io.engram.retrieval.RetrievalApplication;
import io.engram.retrieval.chunking.SourceFormat;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.collection.VectorGraphs;
import io.engram.retrieval.ingest.DocumentInput;
import io.engram.retrieval.ingest.IngestionJobs;
import io.engram.retrieval.ingest.JobView;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.SqlFragment;
import io.engram.retrieval.rewrite.RewriteRequest;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.TextEmbedder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/bench-retrieval}: latency and ingestion benchmarks on the real service, each next to its
 * raw parts measured in the same run.
 * <ul>
 * <li>{@code latency <beir-folder> --collection <name>}: p50/p95/p99 of {@code POST /search} over HTTP
 * (default pipeline) next to raw query embedding, the raw BM25 SQL and a raw pgvector top-k query.</li>
 * <li>{@code synthetic <beir-folder> --chunks 100000}: builds (once) a collection of that many chunks made
 * of random 60-word windows of the corpus text (real term statistics) with random unit vectors (the real
 * model would need hours here), then runs the latency benchmark on it.</li>
 * <li>{@code ingest <beir-folder> --docs 500 [--model <name>] [--raw no]}: end-to-end docs/s and chunks/s of an
 * ingestion job into a new collection with that embedding model (default: the service's default for English),
 * next to the model's raw batch throughput on the same chunk texts ({@code --raw no} skips that half).</li>
 * <li>{@code scale <beir-folder> --sizes 10000,100000,1000000}: see {@link #scale}.</li>
 * <li>{@code transfer <beir-folder> --chunks 20000}: see {@link #transfer}.</li>
 * </ul>
 */
public final class BenchMain {

  static final String TENANT = "bench";

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path folder = Path.of(args[1]);
    Map<String, String> options = new HashMap<>();
    for (int i = 2; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<String> queries = queries(folder);
    // system properties outrank application.yml (builder defaults would not): never take the service's port 8081
    System.setProperty("server.port", "0");
    System.setProperty("logging.level.root", "WARN");
    System.setProperty("logging.level.io.engram", "WARN");
    // only the ingestion benchmark runs jobs: a latency run must not pick up (and embed for) queued jobs of
    // other processes sharing the database, its own CPU would then be in what it measures
    System.setProperty("engram.retrieval.ingest.enabled", String.valueOf(mode.equals("ingest")));
    // the job's last log line says where its time went (StageTimes)
    System.setProperty("logging.level.io.engram.retrieval.ingest.JobRunner", "INFO");
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetrievalApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties("spring.main.banner-mode=off")
        .run()) {
      switch (mode) {
        case "latency" -> latency(context, options.getOrDefault("tenant", "eval"), options.get("collection"), queries,
            Integer.parseInt(options.getOrDefault("queries", "300")));
        case "synthetic" -> {
          int chunks = Integer.parseInt(options.getOrDefault("chunks", "100000"));
          String name = "synthetic-" + chunks;
          synthetic(context, folder, name, chunks);
          latency(context, TENANT, name, queries, Integer.parseInt(options.getOrDefault("queries", "300")));
        }
        case "ingest" -> ingest(context, folder, Integer.parseInt(options.getOrDefault("docs", "500")), options.get("model"),
            !options.getOrDefault("raw", "yes").equals("no"));
        case "scale" -> scale(context, folder, queries, Arrays.stream(options.getOrDefault("sizes", "10000,100000,1000000")
            .split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray(), Integer.parseInt(options.getOrDefault("queries", "200")));
        case "transfer" -> transfer(context, folder, Integer.parseInt(options.getOrDefault("chunks", "20000")));
        default -> throw new IllegalArgumentException("modes: latency, synthetic, ingest, scale, transfer");
      }
    }
    System.exit(0);
  }

  private static List<String> queries(Path folder) throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("queries.jsonl"))) {
      if (!line.isBlank()) {
        out.add(json.readTree(line).get("text").asString());
      }
    }
    return out;
  }

  static void latency(ConfigurableApplicationContext context, String tenant, String collectionName, List<String> allQueries,
      int count) throws Exception {
    CollectionStore collections = context.getBean(CollectionStore.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    LexicalRecall lexical = context.getBean(LexicalRecall.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    TextEmbedder embedder = context.getBean(EmbeddingModels.class).get(collections.require(tenant, collectionName).embeddingModel());
    Collection collection = collections.require(tenant, collectionName);
    TextAnalyzer analyzer = TextAnalyzers.forLanguage(collection.language());
    List<String> queries = allQueries.subList(0, Math.min(count, allQueries.size()));
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    String token = context.getBean(IdentityCodec.class).sign(tenant, Set.of("read"), Duration.ofHours(2));
    HttpClient http = HttpClient.newHttpClient();
    JsonMapper json = JsonMapper.builder().build();
    int candidates = 100;
    // the model key the collection's chunks carry: its model's, or its own graph's after a bulk load
    VectorGraphs graphs = context.getBean(VectorGraphs.class);
    String model = tenants.inTenant(tenant, () -> graphs.of(collection)).key().replace("'", "''");
    String vectorSql = "select id from chunks c where c.model = '" + model + "' and c.collection_id = ? and c.tenant_id = ?"
        + " order by c.embedding::vector(" + embedder.dimensions() + ") <=> ?::vector limit ?";
    log("collection %s: %d chunks; %d queries; 2 cores shared with other jobs (load %s)", collectionName,
        collection.chunkCount(), queries.size(), loadAverage());

    // warm up every path
    for (String q : queries.subList(0, Math.min(20, queries.size()))) {
      embedder.embedQuery(q);
      post(http, port, token, collectionName, q, json);
    }
    long[] embed = new long[queries.size()];
    long[] bm25 = new long[queries.size()];
    long[] vector = new long[queries.size()];
    long[] search = new long[queries.size()];
    // interleaved per query, so that all four see the same machine load
    for (int i = 0; i < queries.size(); i++) {
      String q = queries.get(i);
      long t0 = System.nanoTime();
      float[] v = embedder.embedQuery(q);
      embed[i] = System.nanoTime() - t0;
      Map<String, Double> terms = RewriteRequest.terms(analyzer, q);
      bm25[i] = time(() -> tenants.inTenant(tenant, () -> lexical.search(collection, terms, candidates, SqlFragment.TRUE)));
      String literal = DenseRecall.literal(v);
      vector[i] = time(() -> tenants.inTenant(tenant, () -> {
        jdbc.sql("select set_config('hnsw.ef_search', ?, true)").param(String.valueOf(candidates)).query().listOfRows();
        return jdbc.sql(vectorSql).params(collection.id(), tenant, literal, candidates).query(Long.class).list();
      }));
      search[i] = time(() -> post(http, port, token, collectionName, q, json));
    }
    double e95 = percentile(embed, 95);
    double b95 = percentile(bm25, 95);
    double v95 = percentile(vector, 95);
    double s95 = percentile(search, 95);
    report("raw query embedding", embed);
    report("raw BM25 SQL (top 100)", bm25);
    report("raw pgvector HNSW top-100", vector);
    report("POST /search (default pipeline, topK 10)", search);
    System.out.printf(Locale.ROOT, "search p95 %.1f ms vs sum of raw p95 %.1f ms: ratio %.2f (target <= 1.5)%n", s95,
        e95 + b95 + v95, s95 / (e95 + b95 + v95));
  }

  /** p95 of each path at one collection size, in milliseconds. */
  private record ScaleRow(int chunks, double bm25, double bm25Sql, double hnsw, double search) {
  }

  /**
   * {@code scale}: builds (or reuses) one synthetic collection per size in the same tables (as tenants would
   * share them) and measures, per size and interleaved per query so that all see the same machine load,
   * raw BM25 with early termination, the SQL that scores every posting (the baseline, same run), the raw
   * pgvector HNSW top 100 and the search endpoint; counts the queries whose top 10 differ between the two
   * BM25s. The last line is {@code bm25_p95_10k=.. bm25_p95_1m=.. search_p95_10k=.. search_p95_1m=.. growth=..}
   * ({@code n/a} for a size not run).
   */
  static void scale(ConfigurableApplicationContext context, Path folder, List<String> allQueries, int[] sizes, int count)
      throws Exception {
    CollectionStore collections = context.getBean(CollectionStore.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    LexicalRecall lexical = context.getBean(LexicalRecall.class);
    DenseRecall dense = context.getBean(DenseRecall.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    String token = context.getBean(IdentityCodec.class).sign(TENANT, Set.of("read"), Duration.ofHours(6));
    HttpClient http = HttpClient.newHttpClient();
    JsonMapper json = JsonMapper.builder().build();
    TextEmbedder embedder = context.getBean(EmbeddingModels.class).get("bge-small-en-v1.5");
    TextAnalyzer analyzer = TextAnalyzers.forLanguage("en");
    List<String> queries = allQueries.subList(0, Math.min(count, allQueries.size()));
    List<ScaleRow> rows = new ArrayList<>();
    for (int size : sizes) {
      String name = "scale-" + size;
      synthetic(context, folder, name, size);
      Collection collection = collections.require(TENANT, name);
      // a collection built before packed postings existed (or left stale) is packed now; a fresh one already is
      log("scale %d: %s", size, context.getBean(io.engram.retrieval.recall.PackedPostings.class).pack(collection));
      String key = tenants.inTenant(TENANT, () -> context.getBean(VectorGraphs.class).of(collection)).key().replace("'", "''");
      String vectorSql = "select id from chunks c where c.model = '" + key + "' and c.collection_id = ? and c.tenant_id = ?"
          + " order by c.embedding::vector(384) <=> ?::vector limit 100";
      log("scale %d: %d chunks, %d queries, load %s", size, collection.chunkCount(), queries.size(), loadAverage());
      for (String q : queries.subList(0, Math.min(20, queries.size()))) {
        post(http, port, token, name, q, json); // warm up
      }
      long[] bm25 = new long[queries.size()];
      long[] bm25Sql = new long[queries.size()];
      long[] bm25Rows = new long[queries.size()];
      long[] hnsw = new long[queries.size()];
      long[] planned = new long[Math.max(0, Math.min(20, queries.size() - 20))];
      long[] search = new long[queries.size()];
      int differ = 0;
      for (int i = 0; i < queries.size(); i++) {
        String q = queries.get(i);
        Map<String, Double> terms = RewriteRequest.terms(analyzer, q);
        List<List<io.engram.retrieval.recall.Candidate>> results = new ArrayList<>();
        bm25[i] = time(() -> results.add(tenants.inTenant(TENANT, () -> lexical.search(collection, terms, 100, SqlFragment.TRUE))));
        bm25Sql[i] = time(() -> results.add(tenants.inTenant(TENANT,
            () -> lexical.searchBySql(collection, terms, 100, SqlFragment.TRUE, 0.9, 0.4))));
        bm25Rows[i] = time(() -> results.add(tenants.inTenant(TENANT,
            () -> lexical.searchPostings(collection, terms, 100, SqlFragment.TRUE))));
        String difference = top10Difference(results.get(0), results.get(1));
        if (difference == null) {
          difference = top10Difference(results.get(2), results.get(1));
        }
        if (difference != null) {
          differ++;
          log("top 10 differ for '%s': %s", q, difference);
        }
        float[] vector = embedder.embedQuery(q);
        String literal = DenseRecall.literal(vector);
        hnsw[i] = time(() -> tenants.inTenant(TENANT, () -> dense.search(collection, vector, 100, SqlFragment.TRUE)));
        // as the planner picks it (an exact scan whenever its statistics say so); 20 queries show it
        if (i >= 20 && i - 20 < planned.length) { // not the warm-up queries: their pages are cached
          planned[i - 20] = time(() -> tenants.inTenant(TENANT, () -> {
            jdbc.sql("select set_config('hnsw.ef_search', '100', true)").query().listOfRows();
            return jdbc.sql(vectorSql).params(collection.id(), TENANT, literal).query(Long.class).list();
          }));
        }
        search[i] = time(() -> post(http, port, token, name, q, json));
      }
      report(size + ": raw BM25 as the service runs it (top 100)", bm25);
      report(size + ": raw BM25, SQL over every posting (baseline)", bm25Sql);
      report(size + ": raw BM25 without packed blocks (MaxScore above the threshold, else the SQL)", bm25Rows);
      report(size + ": raw HNSW top 100 (DenseRecall: " + tenants.inTenant(TENANT, () -> dense.access(collection)) + ")", hnsw);
      report(size + ": pgvector top 100 as the planner picks it", planned);
      report(size + ": POST /search (default pipeline, topK 10)", search);
      System.out.printf(Locale.ROOT, "%d: top 10 of the service's BM25 or the one without packed blocks differ from the SQL's (beyond equal scores) for %d of %d queries; load %s%n", size, differ,
          queries.size(), loadAverage());
      rows.add(new ScaleRow(size, percentile(bm25, 95), percentile(bm25Sql, 95), percentile(hnsw, 95), percentile(search, 95)));
    }
    ScaleRow small = rows.stream().filter(r -> r.chunks() == 10_000).findFirst().orElse(null);
    ScaleRow million = rows.stream().filter(r -> r.chunks() == 1_000_000).findFirst().orElse(null);
    for (ScaleRow r : rows) {
      System.out.printf(Locale.ROOT, "bm25_p95_%s=%.1f bm25_sql_p95_%s=%.1f hnsw_p95_%s=%.1f search_p95_%s=%.1f%s%n",
          label(r.chunks()), r.bm25(), label(r.chunks()), r.bm25Sql(), label(r.chunks()), r.hnsw(), label(r.chunks()), r.search(),
          small == null || r == small ? "" : String.format(Locale.ROOT, " growth_%s=%.2f", label(r.chunks()), r.search() / small.search()));
    }
    System.out.printf(Locale.ROOT, "bm25_p95_10k=%s bm25_p95_1m=%s search_p95_10k=%s search_p95_1m=%s growth=%s%n",
        small == null ? "n/a" : fmt(small.bm25()), million == null ? "n/a" : fmt(million.bm25()),
        small == null ? "n/a" : fmt(small.search()), million == null ? "n/a" : fmt(million.search()),
        small == null || million == null ? "n/a" : String.format(Locale.ROOT, "%.2f", million.search() / small.search()));
  }

  /**
   * Null when two rankings agree on the top 10: the same scores (to 1e-9) and the same chunks wherever a score
   * is not shared with a neighbour or with the 10th (equal scores may come in either order); else what differs.
   */
  static String top10Difference(List<io.engram.retrieval.recall.Candidate> a, List<io.engram.retrieval.recall.Candidate> b) {
    List<io.engram.retrieval.recall.Candidate> x = a.stream().limit(10).toList();
    List<io.engram.retrieval.recall.Candidate> y = b.stream().limit(10).toList();
    if (x.size() != y.size()) {
      return "sizes " + x.size() + " and " + y.size();
    }
    for (int i = 0; i < x.size(); i++) {
      if (Math.abs(x.get(i).score() - y.get(i).score()) > 1e-9) {
        return "rank " + (i + 1) + ": " + x.get(i) + " vs " + y.get(i);
      }
    }
    for (int i = 0; i < x.size(); i++) {
      double s = y.get(i).score();
      boolean tied = (i > 0 && Math.abs(s - y.get(i - 1).score()) < 1e-9) || (i + 1 < y.size() && Math.abs(s - y.get(i + 1).score()) < 1e-9)
          || (i + 1 == y.size() && b.size() > 10 && Math.abs(s - b.get(10).score()) < 1e-9);
      if (!tied && x.get(i).chunkId() != y.get(i).chunkId()) {
        return "rank " + (i + 1) + ": " + x.get(i) + " vs " + y.get(i);
      }
    }
    return null;
  }

  /**
   * {@code transfer}: exports the synthetic collection of {@code chunks} chunks (built or reused as {@code synthetic}
   * does) through {@code GET /v1/collections/{c}/export} into a file, restores that file through
   * {@code POST /v1/collections/{c}/restore} into a new collection, and reports chunks a second for each (the restore
   * with its write and graph parts), the dump's size and whether the copy's BM25 statistics (N, total terms) match.
   */
  static void transfer(ConfigurableApplicationContext context, Path folder, int chunks) throws Exception {
    String name = "synthetic-" + chunks;
    synthetic(context, folder, name, chunks);
    CollectionStore collections = context.getBean(CollectionStore.class);
    String copy = "restored-" + chunks;
    if (collections.find(TENANT, copy).isPresent()) {
      collections.delete(TENANT, copy);
    }
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    String token = context.getBean(IdentityCodec.class).sign(TENANT, Set.of("read", "write"), Duration.ofHours(6));
    HttpClient http = HttpClient.newHttpClient();
    Path dump = Files.createTempFile("engram-export-", ".ndjson");
    try {
      String base = "http://127.0.0.1:" + port + "/v1/collections/";
      long start = System.nanoTime();
      HttpResponse<Path> exported = http.send(HttpRequest.newBuilder(URI.create(base + name + "/export"))
          .header("X-Engram-Identity", token).GET().build(), HttpResponse.BodyHandlers.ofFile(dump));
      double exportSeconds = (System.nanoTime() - start) / 1e9;
      if (exported.statusCode() != 200) {
        throw new IllegalStateException("export answered " + exported.statusCode() + ": " + Files.readString(dump));
      }
      start = System.nanoTime();
      HttpResponse<String> restored = http.send(HttpRequest.newBuilder(URI.create(base + copy + "/restore"))
          .header("X-Engram-Identity", token).header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofFile(dump)).build(), HttpResponse.BodyHandlers.ofString());
      double restoreSeconds = (System.nanoTime() - start) / 1e9;
      if (restored.statusCode() != 201) {
        throw new IllegalStateException("restore answered " + restored.statusCode() + ": " + restored.body());
      }
      JsonNode answer = JsonMapper.builder().build().readTree(restored.body());
      Collection original = collections.require(TENANT, name);
      Collection restoredCollection = collections.require(TENANT, copy);
      System.out.printf(Locale.ROOT, "export %s: %d chunks, %.0f MB in %.1f s = %.0f chunks/s; load %s%n", name,
          original.chunkCount(), Files.size(dump) / 1e6, exportSeconds, original.chunkCount() / exportSeconds, loadAverage());
      System.out.printf(Locale.ROOT, "restore %s: %d chunks in %.1f s = %.0f chunks/s (write %.1f s, own graph %s %.1f s);"
              + " N %d vs %d, total terms %d vs %d; load %s%n", copy, restoredCollection.chunkCount(), restoreSeconds,
          restoredCollection.chunkCount() / restoreSeconds, answer.get("writeSeconds").asDouble(), answer.get("ownGraph").asBoolean(),
          answer.get("graphSeconds").asDouble(), restoredCollection.chunkCount(), original.chunkCount(),
          restoredCollection.totalTerms(), original.totalTerms(), loadAverage());
      collections.delete(TENANT, copy);
    } finally {
      Files.deleteIfExists(dump);
    }
  }

  private static String label(int chunks) {
    return chunks % 1_000_000 == 0 ? chunks / 1_000_000 + "m" : chunks % 1000 == 0 ? chunks / 1000 + "k" : String.valueOf(chunks);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms);
  }

  private static Object post(HttpClient http, int port, String token, String collection, String query, JsonMapper json) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/collections/" + collection + "/search"))
          .header("X-Engram-Identity", token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query, "topK", 10)))).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void synthetic(ConfigurableApplicationContext context, Path folder, String name, int chunks) throws Exception {
    CollectionStore collections = context.getBean(CollectionStore.class);
    if (collections.find(TENANT, name).isPresent()) {
      log("reusing %s", name);
      return;
    }
    Collection collection = collections.create(TENANT, name, "en", "bge-small-en-v1.5");
    JsonMapper json = JsonMapper.builder().build();
    List<String[]> texts = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("corpus.jsonl"))) {
      if (!line.isBlank()) {
        JsonNode n = json.readTree(line);
        texts.add(n.get("text").asString().split("\\s+"));
      }
    }
    SyntheticLoader loader = new SyntheticLoader(context.getBean(JdbcClient.class), context.getBean(TenantTransactions.class),
        context.getBean(io.engram.retrieval.recall.Postings.class));
    long start = System.nanoTime();
    String writer = System.getProperty("engram.bench.writer", "bulk");
    if (writer.equals("rows")) {
      loader.load(collection, texts, chunks, new Random(7));
    } else {
      loader.loadBulk(context.getBean(io.engram.retrieval.ingest.BulkLoader.class), collection, texts, chunks, new Random(7));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "bulk load %s (%s writer): %d chunks (random unit vectors, no embedding) in %.1f s = %.0f chunks/s; load %s%n",
        name, writer, chunks, seconds, chunks / seconds, loadAverage());
  }

  static void ingest(ConfigurableApplicationContext context, Path folder, int docs, @Nullable String model, boolean raw)
      throws Exception {
    CollectionStore collections = context.getBean(CollectionStore.class);
    IngestionJobs jobs = context.getBean(IngestionJobs.class);
    JsonMapper json = JsonMapper.builder().build();
    List<DocumentInput> inputs = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("corpus.jsonl"))) {
      if (!line.isBlank() && inputs.size() < docs) {
        JsonNode n = json.readTree(line);
        inputs.add(new DocumentInput(n.get("_id").asString(), n.path("title").asString(), n.get("text").asString(), null,
            SourceFormat.TEXT));
      }
    }
    String name = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
    Collection created = collections.create(TENANT, name, "en", model);
    TextEmbedder embedder = context.getBean(EmbeddingModels.class).get(created.embeddingModel());
    embedder.embedDocuments(List.of("warm up the model", "and its batching"));
    String loadBefore = loadAverage();
    log("ingesting %d documents into %s with %s; load %s", inputs.size(), name, created.embeddingModel(), loadBefore);
    long start = System.nanoTime();
    JobView job = jobs.submit(TENANT, name, inputs, null);
    while (!job.finished()) {
      Thread.sleep(200);
      job = jobs.view(TENANT, job.jobId()).orElseThrow();
    }
    double endToEnd = (System.nanoTime() - start) / 1e9;
    Collection stored = collections.require(TENANT, name);
    double jobRate = stored.chunkCount() / endToEnd;
    double docRate = inputs.size() / endToEnd;
    System.out.printf(Locale.ROOT, "ingestion end to end: %d docs, %d chunks in %.1f s = %.2f docs/s, %.1f chunks/s (job %s)%n",
        inputs.size(), stored.chunkCount(), endToEnd, docRate, jobRate, job.state());
    if (!raw) {
      System.out.printf(Locale.ROOT, "ingest: end-to-end %.2f docs/s, %.2f chunks/s; %d chunks of %d docs, %s; load %s before, %s after%n",
          docRate, jobRate, stored.chunkCount(), inputs.size(), created.embeddingModel(), loadBefore, loadAverage());
      collections.delete(TENANT, name);
      return;
    }
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    // the same indexed texts the job embedded (title, headings, chunk), read back from what it stored
    List<String> indexed = tenants.inTenant(TENANT, () -> jdbc.sql("""
            select coalesce(d.title || E'\\n', '') || c.text from chunks c join documents d on d.id = c.document_id
            where c.collection_id = ? order by c.id""").param(stored.id()).query(String.class).list());
    long rawStart = System.nanoTime();
    for (int i = 0; i < indexed.size(); i += 256) {
      embedder.embedDocuments(indexed.subList(i, Math.min(i + 256, indexed.size())));
    }
    double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
    double rawRate = indexed.size() / rawSeconds;
    System.out.printf(Locale.ROOT, "raw model batches on the same %d chunk texts: %.1f s = %.1f chunks/s%n", indexed.size(), rawSeconds,
        rawRate);
    // the one line to quote: both rates, the ratio and the machine's load around them
    System.out.printf(Locale.ROOT, "ingest: end-to-end %.2f docs/s, %.2f chunks/s, raw model %.2f chunks/s, ratio %.2f (target >= 0.8);"
        + " %d chunks of %d docs, %s; load %s before, %s after%n", docRate, jobRate, rawRate, jobRate / rawRate, indexed.size(),
        inputs.size(), created.embeddingModel(), loadBefore, loadAverage());
    collections.delete(TENANT, name);
  }

  private static long time(Supplier<Object> work) {
    long t0 = System.nanoTime();
    work.get();
    return System.nanoTime() - t0;
  }

  static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static void report(String what, long[] nanos) {
    System.out.printf(Locale.ROOT, "%-45s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  (n=%d)%n", what, percentile(nanos, 50),
        percentile(nanos, 95), percentile(nanos, 99), nanos.length);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
