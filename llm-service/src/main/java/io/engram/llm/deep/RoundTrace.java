package io.engram.llm.deep;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What one deep-search round did: its queries, what it found that was new, its cost, and the next decision. */
@Schema(description = "What one deep-search round did.")
public record RoundTrace(@Schema(description = "The round's number, from 1.") int round,
    @Schema(description = "The queries it ran.") List<String> queries,
    @Schema(description = "Passages it found.") int passages,
    @Schema(description = "Of those, passages not found before.") int newPassages,
    @Schema(description = "How long it took, in milliseconds.") long tookMs,
    @Schema(description = "Tokens it used.") int tokens,
    @Schema(description = "Tokens used so far.") int tokensTotal,
    @Schema(description = "What comes next and why: 'continue: ...' or 'stop: ...'.") String decision) {

  public RoundTrace {
    queries = List.copyOf(queries);
  }
}
