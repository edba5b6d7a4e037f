package io.engram.llm.gather;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** What one stage of answering did and how long it took. */
@Schema(description = "What one stage of answering did and how long it took.")
public record StageTrace(@Schema(description = "The stage's name.") String stage,
    @Schema(description = "How long it took, in milliseconds.") long tookMs,
    @Schema(description = "How it ended.") String outcome,
    @Schema(description = "The stage's details.") Map<String, Object> details) {

  public StageTrace {
    details = Map.copyOf(details);
  }
}
