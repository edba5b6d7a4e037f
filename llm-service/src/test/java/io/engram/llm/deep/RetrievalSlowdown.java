package io.engram.llm.deep;

import io.engram.llm.source.HistoryMessage;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delays every search of a {@link TermOverlapRetrieval} by a fixed time (wall-time limits, slow peers) and
 * counts the searches started, before the delay.
 */
public final class RetrievalSlowdown implements RetrievalSource {

  private final TermOverlapRetrieval inner;
  private final long delayMs;
  private final AtomicInteger started = new AtomicInteger();

  public RetrievalSlowdown(TermOverlapRetrieval inner, long delayMs) {
    this.inner = inner;
    this.delayMs = delayMs;
  }

  public int started() {
    return started.get();
  }

  @Override
  public List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history) {
    started.incrementAndGet();
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return inner.search(collection, query, topK, history);
  }
}
