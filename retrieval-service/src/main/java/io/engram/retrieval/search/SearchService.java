package io.engram.retrieval.search;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.retrieval.RetrievalProperties;
import io.engram.retrieval.fusion.FusedHit;
import io.engram.retrieval.fusion.ReciprocalRankFusion;
import io.engram.retrieval.recall.Candidate;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.recall.SqlFragment;
import io.engram.retrieval.rerank.MmrReranker;
import io.engram.retrieval.rerank.RerankCandidate;
import io.engram.retrieval.rewrite.NoQueryRewriter;
import io.engram.retrieval.rewrite.QueryVariant;
import io.engram.retrieval.rewrite.RewriteRequest;
import io.engram.retrieval.rewrite.RewrittenQuery;
import io.engram.support.tenancy.ReadStaleness;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The query path: plan ({@link SearchPlanner}), rewrite, recall on every path for every query variant in parallel
 * (BM25 in SQL and query embedding + HNSW at the same time), fuse, group children by parent in a parent/child
 * collection, rerank, load the hits ({@link HitLoader}).
 * Every step can explain itself. Rewrite, fusion and rerank are each observed as {@value #STAGE} (tag {@code stage}: a
 * timer, and a span of the request's trace); the recall paths run on threads that carry the request's observation,
 * so their spans ({@code engram.search.recall}, see {@code SearchObservations}) join the trace too.
 */
@Service
public class SearchService {

  /** The observation of one stage of a search (rewrite, fusion, rerank). */
  public static final String STAGE = "engram.search.stage";
  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

  private final CollectionStore collections;
  private final TenantTransactions tenants;
  private final LexicalRecall lexical;
  private final DenseRecall dense;
  private final EmbeddingModels models;
  private final RetrievalProperties properties;
  private final SearchPlanner planner;
  private final HitLoader loader;
  private final ObjectProvider<ObservationRegistry> observations;

  SearchService(CollectionStore collections, TenantTransactions tenants, LexicalRecall lexical, DenseRecall dense,
      EmbeddingModels models, RetrievalProperties properties, SearchPlanner planner, HitLoader loader,
      ObjectProvider<ObservationRegistry> observations) {
    this.observations = observations;
    this.collections = collections;
    this.tenants = tenants;
    this.lexical = lexical;
    this.dense = dense;
    this.models = models;
    this.properties = properties;
    this.planner = planner;
    this.loader = loader;
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
    SearchPlan plan = planner.plan(request, collection);
    SqlFragment filter = request.filter() == null ? SqlFragment.TRUE : request.filter().toSql("c");
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
    // the recall paths read from the read replica when one is configured (at most its max lag behind); the hits'
    // rows are then loaded from the primary, so a chunk deleted meanwhile is left out
    List<TenantTransactions.Read<List<Candidate>>> reads = new ArrayList<>();
    try (ExecutorService parallel = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(), SNAPSHOTS)) {
      Map<String, Future<TenantTransactions.Read<List<Candidate>>>> running = new LinkedHashMap<>();
      Map<String, Future<float[]>> vectors = new LinkedHashMap<>();
      for (int i = 0; i < rewritten.variants().size(); i++) {
        QueryVariant variant = rewritten.variants().get(i);
        String suffix = i == 0 ? "" : "#" + i;
        if (plan.paths().contains("bm25") && variant.lexicalTerms() != null && !variant.lexicalTerms().isEmpty()) {
          Map<String, Double> terms = heaviest(variant.lexicalTerms(), properties.search().maxQueryTerms());
          running.put("bm25" + suffix, parallel.submit(() -> tenants.readInTenant(tenantId,
              () -> lexical.search(collection, terms, plan.candidates(), filter))));
          weights.put("bm25" + suffix, 1 - plan.denseWeight());
        }
        if (embedder != null && variant.denseText() != null && !variant.denseText().isBlank()) {
          Future<float[]> vector = parallel.submit(() -> embedder.embedQuery(variant.denseText()));
          vectors.put("dense" + suffix, vector);
          running.put("dense" + suffix, parallel.submit(() -> {
            float[] v = vector.get();
            return tenants.readInTenant(tenantId, () -> dense.search(collection, v, plan.candidates(), filter));
          }));
          weights.put("dense" + suffix, plan.denseWeight());
        }
      }
      for (var e : running.entrySet()) {
        TenantTransactions.Read<List<Candidate>> read = e.getValue().get();
        reads.add(read);
        lists.put(e.getKey(), read.value());
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

    // 3. Fuse the lists (a single list passes through with its own scores); in a parent/child collection keep every
    //    child, then one hit per parent (its best child), so that children of one section do not crowd out others
    int keep = plan.reranker() == null ? plan.topK() : Math.max(properties.rerank().window(), plan.topK());
    int fuseKeep = collection.parentChild() ? Integer.MAX_VALUE : keep;
    List<FusedHit> fused = lists.size() == 1
        ? single(lists.entrySet().iterator().next(), fuseKeep)
        : stage("fusion", () -> plan.fusion().fuse(lists, plan.fusion() instanceof ReciprocalRankFusion ? Map.of() : weights, fuseKeep));
    Map<Long, List<FusedHit>> children = null;
    if (collection.parentChild()) {
      HitLoader.ParentGroups groups = loader.groupByParent(tenantId, fused, keep);
      fused = groups.best();
      children = groups.children();
    }

    // 4. Rerank the best of them
    Map<Long, Double> rerankScores = new HashMap<>();
    if (plan.reranker() != null && !fused.isEmpty()) {
      List<FusedHit> window = fused;
      float[] vector = queryVector;
      fused = stage("rerank", () -> rerank(tenantId, plan, vector, window, rerankScores));
    }
    List<FusedHit> top = fused.size() > plan.topK() ? fused.subList(0, plan.topK()) : fused;

    // 5. Load what the caller sees
    List<SearchResponse.Hit> hits = loader.hits(tenantId, top, plan, rerankScores, children);
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
    return new SearchResponse(hits, rewrite, (System.nanoTime() - start) / 1_000_000, ReadStaleness.of(tenants, reads));
  }

  /** The {@code max} heaviest terms (ties: first given first), all of them when there are no more. */
  /** Runs one stage of the search as an observation ({@value #STAGE}, tag {@code stage}). */
  private <T> T stage(String stage, Supplier<T> work) {
    return Observation.createNotStarted(STAGE, observations.getIfAvailable(() -> ObservationRegistry.NOOP))
        .contextualName("search " + stage).lowCardinalityKeyValue("stage", stage).observe(work);
  }

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

  private List<FusedHit> rerank(String tenantId, SearchPlan plan, float[] queryVector, List<FusedHit> fused,
      Map<Long, Double> scores) {
    int window = Math.min(fused.size(), Math.max(properties.rerank().window(), plan.topK()));
    List<FusedHit> head = fused.subList(0, window);
    List<RerankCandidate> candidates = loader.rerankCandidates(tenantId, head, plan.reranker() instanceof MmrReranker);
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
}
