package io.engram.retrieval.search;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.Collections;
import io.engram.retrieval.config.RetrievalProperties;
import io.engram.retrieval.fusion.FusedHit;
import io.engram.retrieval.fusion.Fusion;
import io.engram.retrieval.fusion.NormalizedScoreFusion;
import io.engram.retrieval.fusion.ReciprocalRankFusion;
import io.engram.retrieval.recall.Candidate;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.MetadataFilter;
import io.engram.retrieval.recall.SqlFragment;
import io.engram.retrieval.rerank.ChatReranker;
import io.engram.retrieval.rerank.CrossEncoderReranker;
import io.engram.retrieval.rerank.MmrReranker;
import io.engram.retrieval.rerank.RerankCandidate;
import io.engram.retrieval.rerank.Reranker;
import io.engram.retrieval.rewrite.ChatQueryRewriter;
import io.engram.retrieval.rewrite.ConversationalQueryRewriter;
import io.engram.retrieval.rewrite.NoQueryRewriter;
import io.engram.retrieval.rewrite.QueryRewriter;
import io.engram.retrieval.rewrite.QueryVariant;
import io.engram.retrieval.rewrite.RewriteRequest;
import io.engram.retrieval.rewrite.RewrittenQuery;
import io.engram.retrieval.rewrite.Rm3QueryRewriter;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.TextEmbedder;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query path: rewrite, recall on every path for every query variant in parallel (BM25 in SQL and
 * query embedding + HNSW at the same time), fuse, rerank, load the hits. Every step can explain itself.
 * Rewrite, fusion and rerank are each observed as {@value #STAGE} (tag {@code stage}: a timer, and a span of the
 * request's trace); the recall paths run on threads that carry the request's observation, so their spans
 * ({@code engram.search.recall}, see {@code SearchObservations}) join the trace too.
 */
@Service
public class SearchService {

  /** The observation of one stage of a search (rewrite, fusion, rerank). */
  public static final String STAGE = "engram.search.stage";
  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();
  public static final Set<String> PATHS = Set.of("bm25", "dense");
  public static final List<String> REWRITES = List.of(NoQueryRewriter.NAME, Rm3QueryRewriter.NAME,
      ConversationalQueryRewriter.NAME, ChatQueryRewriter.MULTI_QUERY, ChatQueryRewriter.HYDE, ChatQueryRewriter.DECOMPOSE);
  public static final List<String> RERANKS = List.of("none", MmrReranker.NAME, ChatReranker.NAME, CrossEncoderReranker.NAME);

  private final Collections collections;
  private final TenantTransactions tenants;
  private final LexicalRecall lexical;
  private final DenseRecall dense;
  private final EmbeddingModels models;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RetrievalProperties properties;
  private final ObjectProvider<ChatModel> chat;
  private final ObjectProvider<ObservationRegistry> observations;
  private volatile CrossEncoderReranker crossEncoder;

  public SearchService(Collections collections, TenantTransactions tenants, LexicalRecall lexical, DenseRecall dense,
      EmbeddingModels models, JdbcClient jdbc, JsonMapper json, RetrievalProperties properties,
      ObjectProvider<ChatModel> chat, ObjectProvider<ObservationRegistry> observations) {
    this.observations = observations;
    this.collections = collections;
    this.tenants = tenants;
    this.lexical = lexical;
    this.dense = dense;
    this.models = models;
    this.jdbc = jdbc;
    this.json = json;
    this.properties = properties;
    this.chat = chat;
  }

  /**
   * Runs a search. Recall statements are bounded by {@code engram.retrieval.search.statement-timeout-millis};
   * one that runs over ends the search with a 503 problem carrying Retry-After.
   */
  public SearchResponse search(String tenantId, String collectionName, SearchRequest request) {
    try {
      return run(tenantId, collectionName, request);
    } catch (RuntimeException e) {
      if (!(e instanceof ProblemException) && isTimeout(e)) {
        throw timedOut();
      }
      throw e;
    }
  }

  private SearchResponse run(String tenantId, String collectionName, SearchRequest request) {
    long start = System.nanoTime();
    // 0. Check the request before touching anything
    Collection collection = collections.require(tenantId, collectionName);
    Plan plan = plan(request, collection);
    SqlFragment filter = MetadataFilter.toSql(request.filter(), "c");
    TextAnalyzer analyzer = TextAnalyzers.forLanguage(collection.language());

    // 1. Rewrite the query into one or more variants
    RewrittenQuery rewritten = stage("rewrite", () ->
        plan.rewriter().rewrite(new RewriteRequest(plan.query(), request.history(), collection, analyzer, filter)));

    // 2. Recall: every path for every variant, in parallel
    TextEmbedder embedder = plan.paths().contains("dense") ? models.get(collection.embeddingModel()) : null;
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    Map<String, Double> weights = new HashMap<>();
    float[] queryVector = null;
    // the tasks run inside the request's observation: their spans are children of this search's
    try (ExecutorService parallel = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(), SNAPSHOTS)) {
      Map<String, Future<List<Candidate>>> running = new LinkedHashMap<>();
      Map<String, Future<float[]>> vectors = new LinkedHashMap<>();
      for (int i = 0; i < rewritten.variants().size(); i++) {
        QueryVariant variant = rewritten.variants().get(i);
        String suffix = i == 0 ? "" : "#" + i;
        if (plan.paths().contains("bm25") && variant.lexicalTerms() != null && !variant.lexicalTerms().isEmpty()) {
          Map<String, Double> terms = heaviest(variant.lexicalTerms(), properties.search().maxQueryTerms());
          running.put("bm25" + suffix, parallel.submit(() -> tenants.inTenant(tenantId,
              () -> lexical.search(collection, terms, plan.candidates(), filter))));
          weights.put("bm25" + suffix, 1 - plan.denseWeight());
        }
        if (embedder != null && variant.denseText() != null && !variant.denseText().isBlank()) {
          Future<float[]> vector = parallel.submit(() -> embedder.embedQuery(variant.denseText()));
          vectors.put("dense" + suffix, vector);
          running.put("dense" + suffix, parallel.submit(() -> {
            float[] v = vector.get();
            return tenants.inTenant(tenantId, () -> dense.search(collection, v, plan.candidates(), filter));
          }));
          weights.put("dense" + suffix, plan.denseWeight());
        }
      }
      for (var e : running.entrySet()) {
        lists.put(e.getKey(), e.getValue().get());
      }
      if (vectors.containsKey("dense")) {
        queryVector = vectors.get("dense").get();
      }
    } catch (ExecutionException e) {
      if (isTimeout(e.getCause())) {
        throw timedOut();
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    }

    // 3. Fuse the lists (a single list passes through with its own scores)
    int keep = plan.reranker() == null ? plan.topK() : Math.max(properties.rerank().window(), plan.topK());
    List<FusedHit> fused = lists.size() == 1
        ? single(lists.entrySet().iterator().next(), keep)
        : stage("fusion", () -> plan.fusion().fuse(lists, plan.fusion() instanceof ReciprocalRankFusion ? Map.of() : weights, keep));

    // 4. Rerank the best of them
    Map<Long, Double> rerankScores = new HashMap<>();
    if (plan.reranker() != null && !fused.isEmpty()) {
      List<FusedHit> window = fused;
      float[] vector = queryVector;
      fused = stage("rerank", () -> rerank(tenantId, plan, vector, window, rerankScores));
    }
    List<FusedHit> top = fused.size() > plan.topK() ? fused.subList(0, plan.topK()) : fused;

    // 5. Load what the caller sees
    List<SearchResponse.Hit> hits = load(tenantId, top, plan, rerankScores);
    Map<String, Object> rewrite = null;
    if (plan.explain() || !rewritten.strategy().equals(NoQueryRewriter.NAME)) {
      rewrite = new LinkedHashMap<>();
      rewrite.put("strategy", rewritten.strategy());
      rewrite.putAll(rewritten.details());
      if (plan.explain()) {
        rewrite.put("variants", rewritten.variants().stream().map(v -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("label", v.label());
          m.put("denseText", v.denseText());
          m.put("lexicalTerms", v.lexicalTerms());
          return m;
        }).toList());
      }
    }
    return new SearchResponse(hits, rewrite, (System.nanoTime() - start) / 1_000_000);
  }

  /** Runs one stage of the search as an observation ({@value #STAGE}, tag {@code stage}). */
  private <T> T stage(String stage, Supplier<T> work) {
    return Observation.createNotStarted(STAGE, observations.getIfAvailable(() -> ObservationRegistry.NOOP))
        .contextualName("search " + stage).lowCardinalityKeyValue("stage", stage).observe(work);
  }

  /** The {@code max} heaviest terms (ties: first given first), all of them when there are no more. */
  static Map<String, Double> heaviest(Map<String, Double> terms, int max) {
    if (terms.size() <= max) {
      return terms;
    }
    List<Map.Entry<String, Double>> entries = new ArrayList<>(terms.entrySet());
    entries.sort(Map.Entry.<String, Double>comparingByValue().reversed()); // stable: ties keep their order
    Map<String, Double> kept = new LinkedHashMap<>();
    entries.subList(0, max).forEach(e -> kept.put(e.getKey(), e.getValue()));
    return kept;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
        return true; // query_canceled: statement_timeout
      }
    }
    return false;
  }

  private ProblemException timedOut() {
    ProblemException problem = new ProblemException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "search-timeout",
        "Search timed out", "The search took longer than " + properties.search().statementTimeoutMillis()
            + " ms in the database and was stopped; retry later, or narrow the query.");
    problem.getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, "2");
    return problem;
  }

  private static List<FusedHit> single(Map.Entry<String, List<Candidate>> list, int limit) {
    List<FusedHit> out = new ArrayList<>();
    List<Candidate> candidates = list.getValue();
    for (int i = 0; i < Math.min(limit, candidates.size()); i++) {
      Candidate c = candidates.get(i);
      out.add(new FusedHit(c.chunkId(), c.score(), Map.of(list.getKey(), new io.engram.retrieval.fusion.PathScore(i + 1, c.score())),
          () -> "single path: " + list.getKey() + " score"));
    }
    return out;
  }

  private List<FusedHit> rerank(String tenantId, Plan plan, float[] queryVector, List<FusedHit> fused,
      Map<Long, Double> scores) {
    int window = Math.min(fused.size(), Math.max(properties.rerank().window(), plan.topK()));
    List<FusedHit> head = fused.subList(0, window);
    Long[] ids = head.stream().map(FusedHit::chunkId).toArray(Long[]::new);
    boolean needsVectors = plan.reranker() instanceof MmrReranker;
    Map<Long, Object[]> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("select id, text, " + (needsVectors ? "embedding::text" : "null")
            + " from chunks where id = any(?) and tenant_id = ?")
        .params(ids, tenantId)
        .query(rs -> {
          rows.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3)});
        }));
    List<RerankCandidate> candidates = new ArrayList<>();
    for (FusedHit hit : head) {
      Object[] row = rows.get(hit.chunkId());
      candidates.add(new RerankCandidate(hit.chunkId(), row == null ? "" : (String) row[0], hit.score(),
          row == null || row[1] == null ? null : parseVector((String) row[1])));
    }
    List<RerankCandidate> reranked = plan.reranker().rerank(plan.query(), queryVector, candidates);
    Map<Long, FusedHit> byId = new HashMap<>();
    head.forEach(h -> byId.put(h.chunkId(), h));
    List<FusedHit> out = new ArrayList<>();
    for (RerankCandidate c : reranked) {
      scores.put(c.chunkId(), c.score());
      FusedHit h = byId.get(c.chunkId());
      out.add(new FusedHit(h.chunkId(), c.score(), h.paths(), h.explanation()));
    }
    out.addAll(fused.subList(window, fused.size()));
    return out;
  }

  static float[] parseVector(String text) {
    String body = text.substring(1, text.length() - 1);
    String[] parts = body.split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  private List<SearchResponse.Hit> load(String tenantId, List<FusedHit> top, Plan plan, Map<Long, Double> rerankScores) {
    if (top.isEmpty()) {
      return List.of();
    }
    Map<Long, SearchResponse.Hit> rows = new HashMap<>();
    tenants.runInTenant(tenantId, () -> jdbc.sql("""
            select c.id, d.external_id, c.text, d.title, c.metadata::text from chunks c join documents d on d.id = c.document_id
            where c.id = any(?) and c.tenant_id = ?""")
        .params(top.stream().map(FusedHit::chunkId).toArray(Long[]::new), tenantId)
        .query(rs -> {
          Map<String, Object> metadata = json.readValue(rs.getString(5), new TypeReference<Map<String, Object>>() { });
          rows.put(rs.getLong(1), new SearchResponse.Hit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              metadata, 0, null));
        }));
    List<SearchResponse.Hit> hits = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      FusedHit f = top.get(i);
      SearchResponse.Hit row = rows.get(f.chunkId());
      if (row == null) {
        continue; // deleted between recall and loading
      }
      Map<String, Object> explanation = null;
      if (plan.explain()) {
        explanation = new LinkedHashMap<>();
        explanation.put("paths", f.paths());
        explanation.put("fusion", f.formula());
        if (plan.reranker() != null && rerankScores.containsKey(f.chunkId())) {
          explanation.put("rerank", Map.of("strategy", plan.reranker().name(), "rank", i + 1, "score", rerankScores.get(f.chunkId())));
        }
      }
      hits.add(new SearchResponse.Hit(row.chunkId(), row.documentId(), row.text(), row.title(), row.metadata(), f.score(), explanation));
    }
    return hits;
  }

  /** A request checked and resolved against the defaults. */
  record Plan(String query, int topK, int candidates, Set<String> paths, Fusion fusion, double denseWeight,
      QueryRewriter rewriter, Reranker reranker, boolean explain) {
  }

  Plan plan(SearchRequest request, Collection collection) {
    String query = request.query();
    if (query == null || query.isBlank()) {
      throw ProblemException.badRequest("invalid-query", "query must not be empty.");
    }
    int maxChars = properties.search().maxQueryChars();
    if (query.length() > maxChars) {
      throw ProblemException.badRequest("query-too-long", "query has " + query.length() + " characters; at most " + maxChars + ".");
    }
    int maxTopK = properties.search().maxTopK();
    int topK = request.topK() == null ? 10 : request.topK();
    if (topK < 1 || topK > maxTopK) {
      throw ProblemException.badRequest("invalid-top-k", "topK must be between 1 and " + maxTopK + "; was " + topK + ".");
    }
    int candidates = request.candidates() == null ? Math.max(properties.dense().candidates(), topK) : request.candidates();
    if (candidates < topK || candidates > maxTopK) {
      throw ProblemException.badRequest("invalid-candidates", "candidates must be between topK and " + maxTopK + ".");
    }
    Set<String> available = collection.dense() ? PATHS : Set.of("bm25");
    Set<String> paths = request.paths() == null || request.paths().isEmpty() ? available : Set.copyOf(request.paths());
    if (!available.containsAll(paths)) {
      throw ProblemException.badRequest("unknown-path", "paths of this collection are any of " + available + "; got "
          + request.paths() + ".");
    }
    double denseWeight = request.denseWeight() == null ? properties.fusion().denseWeight() : request.denseWeight();
    if (!(denseWeight >= 0 && denseWeight <= 1)) {
      throw ProblemException.badRequest("invalid-dense-weight", "denseWeight must be between 0 and 1.");
    }
    Fusion fusion;
    try {
      fusion = Fusion.named(request.fusion() == null ? properties.fusion().strategy() : request.fusion(), properties.fusion().rrfK());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-fusion", "Unknown fusion '" + request.fusion() + "'; known: "
          + List.of(ReciprocalRankFusion.NAME, NormalizedScoreFusion.NAME) + ".");
    }
    boolean hasHistory = request.history() != null && !request.history().isEmpty();
    String rewrite = request.rewrite() != null ? request.rewrite() : hasHistory ? ConversationalQueryRewriter.NAME
        : properties.rewrite().strategy();
    String rerank = request.rerank() != null ? request.rerank() : properties.rerank().strategy();
    return new Plan(query.strip(), topK, candidates, paths, fusion, denseWeight, rewriter(rewrite), reranker(rerank),
        Boolean.TRUE.equals(request.explain()));
  }

  private QueryRewriter rewriter(String name) {
    RetrievalProperties.Rewrite r = properties.rewrite();
    return switch (name) {
      case NoQueryRewriter.NAME -> new NoQueryRewriter();
      case Rm3QueryRewriter.NAME -> new Rm3QueryRewriter(lexical, jdbc, tenants, r.feedbackDocuments(), r.feedbackTerms(),
          r.originalQueryWeight());
      case ConversationalQueryRewriter.NAME -> new ConversationalQueryRewriter(r.historyWeight());
      case ChatQueryRewriter.MULTI_QUERY, ChatQueryRewriter.HYDE, ChatQueryRewriter.DECOMPOSE ->
          new ChatQueryRewriter(name, requireChat("rewrite", name));
      default -> throw ProblemException.badRequest("unknown-rewrite", "Unknown rewrite '" + name + "'; known: " + REWRITES + ".");
    };
  }

  private Reranker reranker(String name) {
    return switch (name) {
      case "none" -> null;
      case MmrReranker.NAME -> new MmrReranker(properties.rerank().mmrLambda());
      case ChatReranker.NAME -> new ChatReranker(requireChat("rerank", name));
      case CrossEncoderReranker.NAME -> crossEncoder();
      default -> throw ProblemException.badRequest("unknown-rerank", "Unknown rerank '" + name + "'; known: " + RERANKS + ".");
    };
  }

  private ChatModel requireChat(String stage, String name) {
    ChatModel model = chat.getIfAvailable();
    if (model == null) {
      throw ProblemException.badRequest(stage + "-unavailable", "The " + stage + " strategy '" + name
          + "' needs a chat model; none is configured (engram.retrieval.chat.base-url).");
    }
    return model;
  }

  private CrossEncoderReranker crossEncoder() {
    String path = properties.rerank().crossEncoderPath();
    if (path == null || path.isBlank()) {
      throw ProblemException.badRequest("rerank-unavailable",
          "The cross-encoder reranker needs engram.retrieval.rerank.cross-encoder-path (no cross-encoder ships with Engram).");
    }
    CrossEncoderReranker loaded = crossEncoder;
    if (loaded == null) {
      synchronized (this) {
        if (crossEncoder == null) {
          crossEncoder = CrossEncoderReranker.load(Path.of(path));
        }
        loaded = crossEncoder;
      }
    }
    return loaded;
  }
}
