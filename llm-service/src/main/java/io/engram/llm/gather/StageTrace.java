package io.engram.llm.gather;

import java.util.Map;

/** What one stage of answering did and how long it took. */
public record StageTrace(String stage, long tookMs, String outcome, Map<String, Object> details) {

  public StageTrace {
    details = Map.copyOf(details);
  }
}
