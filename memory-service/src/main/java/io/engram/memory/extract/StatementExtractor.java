package io.engram.memory.extract;

import java.util.List;

/**
 * Extraction stage of the write path: the candidate statements of one event, in the order they appear.
 * The offline implementation is deterministic; an LLM-backed one may find more, through the same shape.
 */
public interface StatementExtractor {

  List<Statement> extract(EventText event);

  /** Statements, and the sentences left out as noise with the reason ({@code "reason: sentence"}). */
  default Extraction extractWithReasons(EventText event) {
    return new Extraction(extract(event), List.of());
  }

  /** What extraction found in one event. */
  record Extraction(List<Statement> statements, List<String> dropped) {
  }
}
