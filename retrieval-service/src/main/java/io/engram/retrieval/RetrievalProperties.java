package io.engram.retrieval;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the retrieval service: BM25 parameters, the dense path, fusion, chunking, ingestion,
 * search limits and the optional chat model used by LLM rewriting and reranking.
 *
 * @param bm25     lexical scoring
 * @param dense    vector recall
 * @param fusion   how the two candidate lists are combined by default
 * @param chunking how documents are cut
 * @param ingest   the job runner
 * @param search   request limits and defaults
 * @param chat     an OpenAI-protocol chat model; absent unless {@code base-url} is set
 * @param rerank   reranking defaults
 * @param rewrite  query rewriting defaults
 */
@ConfigurationProperties("engram.retrieval")
public record RetrievalProperties(@DefaultValue Bm25 bm25, @DefaultValue Dense dense, @DefaultValue Fusion fusion,
    @DefaultValue Chunking chunking, @DefaultValue Ingest ingest, @DefaultValue Search search,
    @DefaultValue Chat chat, @DefaultValue Rerank rerank, @DefaultValue Rewrite rewrite) {

  /**
   * BM25 (Robertson et al.): {@code k1} saturates term frequency, {@code b} normalizes length.
   *
   * @param earlyTerminationAbove a query whose terms have more postings than this runs MaxScore, which never
   *                              scans the postings of its non-essential terms; a smaller one is scored in one
   *                              SQL statement, which costs less than MaxScore's three (same ranking)
   * @param packFrom              terms with at least this many postings are also kept packed in blocks
   *                              ({@code PackedPostings}); a query whose common terms are all packed and fresh is
   *                              scored in the service from their blocks (same ranking); 0 turns packing off
   */
  public record Bm25(@DefaultValue("0.9") double k1, @DefaultValue("0.4") double b,
      @DefaultValue("20000") long earlyTerminationAbove, @DefaultValue("1024") int packFrom) {
    public Bm25 {
      if (!(k1 >= 0) || Double.isInfinite(k1)) {
        throw new IllegalArgumentException("illegal k1 value: " + k1 + ", must be a non-negative finite value");
      }
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("illegal b value: " + b + ", must be between 0 and 1");
      }
    }
  }

  /**
   * @param efSearch       HNSW candidate list size; raised to the number of candidates asked for, because HNSW
   *                       returns at most ef_search rows
   * @param candidates     candidates each recall path hands to fusion (at least topK)
   * @param exactBelow     collections with fewer chunks are searched exactly (their rows through the collection
   *                       index, then sorted), larger ones always through the model's HNSW index: a small
   *                       collection in a table shared with large ones would otherwise make a filtered graph
   *                       walk visit mostly other collections' vectors, and a large one must never fall back
   *                       to an exact scan because the planner's statistics are stale
   * @param maxScanTuples  most index tuples one filtered HNSW query may visit (pgvector's
   *                       {@code hnsw.max_scan_tuples}, default 20,000, raised per query to what the
   *                       collection's share of the table needs, never above this): bounds a filter that
   *                       matches nothing
   * @param hnswCostRatio  cost of one index tuple a filtered HNSW walk visits, in exactly scored rows
   *                       (about 1.5 measured here with cold pages, see docs/benchmarks.md). A walk visits about ef_search / share
   *                       tuples, share being the collection's part of its model's index; an exact search
   *                       scores the collection's chunks. HNSW is used when it is the cheaper one:
   *                       chunks * share >= hnswCostRatio * ef_search (and chunks >= exactBelow)
   */
  public record Dense(@DefaultValue("100") int efSearch, @DefaultValue("100") int candidates,
      @DefaultValue("5000") int exactBelow, @DefaultValue("200000") int maxScanTuples,
      @DefaultValue("2") double hnswCostRatio) {

    public Dense {
      if (efSearch < 1 || efSearch > 1000) {
        throw new IllegalArgumentException("illegal efSearch: " + efSearch + ", must be in [1, 1000] (pgvector's range)");
      }
      if (exactBelow < 0) {
        throw new IllegalArgumentException("illegal exactBelow: " + exactBelow + ", must be non-negative");
      }
      if (maxScanTuples < 1) {
        throw new IllegalArgumentException("illegal maxScanTuples: " + maxScanTuples + ", must be positive");
      }
    }
  }

  /**
   * @param strategy    {@code normalized} (min-max, weighted) or {@code rrf}
   * @param rrfK        RRF rank constant (Cormack et al. 2009: 60)
   * @param denseWeight weight of the dense path in normalized fusion (lexical gets 1 - denseWeight)
   */
  public record Fusion(@DefaultValue("normalized") String strategy, @DefaultValue("60") int rrfK,
      @DefaultValue("0.6") double denseWeight) {
  }

  /**
   * @param maxTokens     chunk size in model tokens (capped by the model's input limit)
   * @param overlapTokens tokens repeated between consecutive chunks of one section
   */
  public record Chunking(@DefaultValue("512") int maxTokens, @DefaultValue("64") int overlapTokens) {
  }

  /**
   * @param batchSize    most documents embedded and written per step. All chunks of a step go to the model in
   *                     one call, which sorts them by length before cutting model batches: the more texts per
   *                     step, the less padding (the first 500 HotpotQA documents: steps of 32 documents pad the
   *                     model's input to 1.86x the real tokens, steps of 256 to 1.16x; see docs/benchmarks.md)
   * @param batchChars   characters of title and text after which a step ends (it ends with the document that
   *                     crosses the budget, so it always holds one), so that a step of long documents stays
   *                     bounded in memory and time
   * @param leaseSeconds how long a runner owns a job without renewing; a crashed runner's job is taken
   *                     over after this
   * @param pollMillis   how often the runner looks for queued jobs
   * @param enabled      whether this process runs jobs
   */
  public record Ingest(@DefaultValue("256") int batchSize, @DefaultValue("1000000") int batchChars,
      @DefaultValue("60") int leaseSeconds, @DefaultValue("500") long pollMillis, @DefaultValue("true") boolean enabled,
      @DefaultValue("10000") int maxDocumentsPerRequest) {

    public Ingest {
      if (batchSize < 1) {
        throw new IllegalArgumentException("illegal batchSize: " + batchSize + ", must be at least 1");
      }
      if (batchChars < 1) {
        throw new IllegalArgumentException("illegal batchChars: " + batchChars + ", must be at least 1");
      }
    }
  }

  /**
   * @param maxQueryChars         longest accepted query
   * @param maxTopK               largest accepted topK
   * @param maxQueryTerms         distinct analyzed terms a lexical query keeps (the heaviest; Lucene's
   *                              {@code maxClauseCount} plays this part): a pasted page stays one bounded query
   * @param statementTimeoutMillis longest any one SQL statement of a search may run; beyond it the search
   *                              answers 503 with Retry-After instead of holding a connection
   */
  public record Search(@DefaultValue("4096") int maxQueryChars, @DefaultValue("1000") int maxTopK,
      @DefaultValue("256") int maxQueryTerms, @DefaultValue("5000") int statementTimeoutMillis) {

    public Search {
      if (maxQueryTerms < 1) {
        throw new IllegalArgumentException("illegal maxQueryTerms: " + maxQueryTerms + ", must be at least 1");
      }
      if (statementTimeoutMillis < 1) {
        throw new IllegalArgumentException("illegal statementTimeoutMillis: " + statementTimeoutMillis + ", must be at least 1");
      }
    }
  }

  /** An OpenAI-protocol endpoint (OpenAI, vLLM, DeepSeek, Qwen, LM Studio...). */
  public record Chat(String baseUrl, String apiKey, @DefaultValue("gpt-4o-mini") String model) {
  }

  /**
   * @param strategy          default reranker: none, mmr, llm, cross-encoder
   * @param window            how many fused candidates a reranker reorders
   * @param mmrLambda         MMR trade-off between relevance (1) and diversity (0)
   * @param crossEncoderPath  directory with a cross-encoder's model.onnx and tokenizer.json (none ships)
   */
  public record Rerank(@DefaultValue("none") String strategy, @DefaultValue("30") int window,
      @DefaultValue("0.7") double mmrLambda, String crossEncoderPath) {
  }

  /**
   * @param strategy            default rewriting when no history is given: none or rm3
   * @param feedbackDocuments   RM3: pseudo-relevant chunks (Anserini default 10)
   * @param feedbackTerms       RM3: expansion terms (Anserini default 10)
   * @param originalQueryWeight RM3: weight of the original query (Anserini default 0.5)
   * @param historyWeight       conversational rewrite: weight of earlier user turns' terms
   */
  public record Rewrite(@DefaultValue("none") String strategy, @DefaultValue("10") int feedbackDocuments,
      @DefaultValue("10") int feedbackTerms, @DefaultValue("0.5") double originalQueryWeight,
      @DefaultValue("0.3") double historyWeight) {
  }
}
