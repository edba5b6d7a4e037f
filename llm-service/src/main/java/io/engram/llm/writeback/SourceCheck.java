package io.engram.llm.writeback;

import io.engram.llm.learn.SourceRef;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a write-back's statements against the corpus just before delivery, as the tenant: a statement whose chunk
 * is gone (its document deleted or replaced since the answer) or was never the tenant's is dropped with a logged
 * reason, so memory never learns from a source the tenant cannot read. A retrieval that cannot answer fails the
 * check, and the delivery is retried later.
 */
public final class SourceCheck {

  private static final Logger log = LoggerFactory.getLogger(SourceCheck.class);

  private final RetrievalSource retrieval;

  public SourceCheck(RetrievalSource retrieval) {
    this.retrieval = retrieval;
  }

  /** The event with only the statements whose sources still resolve (memory statements always do). */
  public MemoryEvent check(MemoryEvent event, String identityToken) {
    if (event.context() == null || event.context().isEmpty()) {
      return event;
    }
    Map<String, LinkedHashSet<Long>> wanted = new LinkedHashMap<>();
    for (MemoryEvent.ContextEntry e : event.context()) {
      SourceRef.parse(e.sourceId()).ifPresent(r -> wanted.computeIfAbsent(r.collection(), c -> new LinkedHashSet<>())
          .add(r.chunkId()));
    }
    Set<String> live = new HashSet<>();
    for (Map.Entry<String, LinkedHashSet<Long>> w : wanted.entrySet()) {
      for (SearchHit hit : retrieval.lookup(w.getKey(), List.copyOf(w.getValue()), identityToken)) {
        live.add(SourceRef.of(w.getKey(), hit.chunkId()));
      }
    }
    List<MemoryEvent.ContextEntry> kept = new ArrayList<>();
    for (MemoryEvent.ContextEntry e : event.context()) {
      // only a pointer into a collection can be checked; any other reference is the caller's to vouch for
      boolean pointer = SourceRef.parse(e.sourceId()).isPresent();
      if (!pointer || live.contains(e.sourceId())) {
        kept.add(e);
      } else {
        log.info("write-back {}: statement dropped, its source {} is not readable (deleted, replaced or not the tenant's)",
            event.id(), e.sourceId());
      }
    }
    return new MemoryEvent(event.id(), event.kind(), event.text(), event.question(), event.answer(), kept,
        event.eventTime(), event.sources());
  }
}
