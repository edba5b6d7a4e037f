package io.engram.llm.gather;

import io.engram.llm.fusion.Passage;
import io.engram.llm.fusion.RankedList;
import io.engram.llm.source.MemoryItem;
import io.engram.llm.source.MemorySource;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import io.engram.llm.source.SourceException;
import io.engram.llm.source.SourceProperties;
import io.engram.support.client.CallForwardingInterceptor.CallContext;
import io.engram.support.web.ProblemException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Calls retrieval search (once per collection and query) and memory recall in parallel on virtual
 * threads, each under the caller's request id and identity, each with a per-call timeout (never past the
 * round's deadline) and a circuit breaker per service (resilience4j). A source that is down, slow or
 * open-circuited makes the result {@code degraded} with a reason instead of failing the answer; a 4xx
 * from a source (an unknown collection) is the caller's mistake and becomes a problem.
 */
public class ContextGatherer implements RoundGatherer, AutoCloseable {

  private final RetrievalSource retrieval;
  private final MemorySource memory;
  private final SourceProperties properties;
  private final CircuitBreaker retrievalBreaker;
  private final CircuitBreaker memoryBreaker;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  public ContextGatherer(RetrievalSource retrieval, MemorySource memory, SourceProperties properties,
      CircuitBreakerRegistry breakers) {
    this.retrieval = retrieval;
    this.memory = memory;
    this.properties = properties;
    this.retrievalBreaker = breakers.circuitBreaker("retrieval");
    this.memoryBreaker = breakers.circuitBreaker("memory");
  }

  /**
   * The breaker settings: open after half of the last 10 calls (at least 5) failed or were slow; probe after 5 s, the
   * Retry-After of a source whose database is away, so that answers are whole again within seconds of its return
   * (CrashIT's database outage).
   */
  public static CircuitBreakerRegistry defaultBreakers(Duration slowCall) {
    return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .slowCallDurationThreshold(slowCall)
        .slowCallRateThreshold(80)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(2)
        // a 4xx means the request was wrong, not that the service is sick
        .ignoreException(e -> e instanceof SourceException s && s.isClientError())
        .build());
  }

  private record Call<T>(String label, String source, String query, CompletableFuture<T> future, long startedNanos) {
  }

  @Override
  public Gathered gather(GatherRequest request) {
    CallContext context = CallContext.current();
    List<Call<List<Passage>>> calls = new ArrayList<>();
    // the sources' notes on reads from a replica (how stale they may be), by label and query, for the stage traces
    Map<String, Map<String, Object>> staleness = new java.util.concurrent.ConcurrentHashMap<>();
    for (String query : request.queries()) {
      for (String collection : request.collections()) {
        String label = "retrieval:" + collection;
        calls.add(submit(context, "retrieval", label, query, retrievalBreaker, () -> {
          RetrievalSource.Noted<List<SearchHit>> found = retrieval.searchNoted(collection, query, request.topK(), request.history());
          if (found.staleness() != null) {
            staleness.put(label + '\n' + query, found.staleness());
          }
          return toPassages(collection, found.value());
        }));
      }
    }
    List<MemoryItem> recalled = new java.util.concurrent.CopyOnWriteArrayList<>();
    if (request.memoryNamespace() != null && request.memoryQuery() != null) {
      String ns = request.memoryNamespace();
      calls.add(submit(context, "memory", "memory:" + ns, request.memoryQuery(), memoryBreaker, () -> {
        RetrievalSource.Noted<List<MemoryItem>> found = memory.recallNoted(ns, request.memoryQuery(), request.memoryTopK());
        if (found.staleness() != null) {
          staleness.put("memory:" + ns + '\n' + request.memoryQuery(), found.staleness());
        }
        List<MemoryItem> items = found.value().stream()
            .filter(item -> item.statement() != null && !item.statement().isBlank()).toList();
        recalled.addAll(items);
        return items.stream().map(item -> toPassage(ns, item)).toList();
      }));
    }
    List<RankedList> lists = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    List<StageTrace> stages = new ArrayList<>();
    for (Call<List<Passage>> call : calls) {
      String query = call.query();
      Duration perCall = call.source().equals("memory") ? properties.memoryTimeout() : properties.retrievalTimeout();
      long waitMs = Math.max(0, Math.min(perCall.toMillis() - elapsedMs(call),
          Duration.between(Instant.now(), request.deadline()).toMillis()));
      try {
        List<Passage> passages = call.future().get(waitMs, TimeUnit.MILLISECONDS);
        lists.add(new RankedList(call.label(), query, passages));
        Map<String, Object> details = new java.util.LinkedHashMap<>(
            Map.of("target", call.label(), "query", query, "passages", passages.size()));
        Map<String, Object> note = staleness.get(call.label() + '\n' + query);
        if (note != null) {
          // read from a replica (or from the primary, the replica being too far behind): how stale it may be
          details.put("staleness", note);
        }
        stages.add(new StageTrace(call.source(), elapsedMs(call), "ok", details));
      } catch (TimeoutException e) {
        call.future().cancel(true);
        degraded.add(call.label() + ": no answer within " + elapsedMs(call) + " ms");
        stages.add(new StageTrace(call.source(), elapsedMs(call), "timeout", Map.of("target", call.label())));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SourceException s && s.isClientError()) {
          cancelAll(calls);
          throw clientProblem(s, call.label());
        }
        if (isTimeout(cause)) {
          // the client's own read timeout fired first: the same thing as our deadline
          degraded.add(call.label() + ": no answer within " + elapsedMs(call) + " ms");
          stages.add(new StageTrace(call.source(), elapsedMs(call), "timeout", Map.of("target", call.label())));
          continue;
        }
        String why = cause instanceof CallNotPermittedException ? "circuit open after repeated failures"
            : cause instanceof SourceException s ? s.getMessage() : cause.getClass().getSimpleName();
        degraded.add(call.label() + ": " + why);
        stages.add(new StageTrace(call.source(), elapsedMs(call), "failed", Map.of("target", call.label(), "reason", why)));
      } catch (InterruptedException e) {
        cancelAll(calls);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while gathering context", e);
      }
    }
    boolean memoryAnswered = lists.stream().anyMatch(l -> l.source().startsWith("memory:"));
    return new Gathered(lists, degraded, stages, memoryAnswered ? recalled : List.of());
  }

  private <T> Call<T> submit(CallContext context, String source, String label, String query, CircuitBreaker breaker,
      Supplier<T> work) {
    long started = System.nanoTime();
    CompletableFuture<T> future = new CompletableFuture<>();
    java.util.concurrent.Future<?> task = executor.submit(() -> context.run(() -> {
      long t0 = System.nanoTime();
      try {
        breaker.acquirePermission();
        T value;
        try {
          value = work.get();
        } catch (RuntimeException e) {
          if (!future.isCancelled()) {
            breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
          }
          throw e;
        }
        if (!future.isCancelled()) {
          breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        future.complete(value);
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }));
    future.whenComplete((v, e) -> {
      if (future.isCancelled()) {
        task.cancel(true);
        // a call we gave up on counts against the breaker as a failure: a slow service is a sick one
        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, new TimeoutException(label));
      }
    });
    return new Call<>(label, source, query, future, started);
  }

  private static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static long elapsedMs(Call<?> call) {
    return (System.nanoTime() - call.startedNanos()) / 1_000_000;
  }

  private static void cancelAll(List<? extends Call<?>> calls) {
    calls.forEach(c -> c.future().cancel(true));
  }

  private static ProblemException clientProblem(SourceException s, String label) {
    if (s.status() == 404 && label.startsWith("retrieval:")) {
      String collection = label.substring("retrieval:".length());
      return ProblemException.notFound("unknown-collection", "There is no collection '" + collection + "'.")
          .with("collection", collection);
    }
    return ProblemException.badRequest("source-rejected-request",
        "The " + s.source() + " service rejected the request (HTTP " + s.status() + ")"
            + (s.detail() == null ? "." : ": " + s.detail()));
  }

  static List<Passage> toPassages(String collection, List<SearchHit> hits) {
    return hits.stream()
        .filter(h -> h.text() != null && !h.text().isBlank() && h.chunkId() != null)
        .map(h -> Passage.chunk(h.chunkId(), h.documentId(), collection, h.title(), h.text(), h.score()))
        .toList();
  }

  static Passage toPassage(String namespace, MemoryItem item) {
    return Passage.memory(item.id(), namespace, item.statement(), item.score());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
