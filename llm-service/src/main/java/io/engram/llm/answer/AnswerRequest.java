package io.engram.llm.answer;

import io.engram.llm.source.HistoryMessage;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A question to answer from the named collections and memory namespace. {@code mode} is {@code fast}
 * (one retrieval round) or {@code deep} (iterative search); {@code stream} asks for server-sent events.
 */
@Schema(description = "A question to answer from collections and a memory namespace; name at least one of them.")
public record AnswerRequest(
    @Schema(description = "The question; not blank, at most 8000 characters (after stripping).",
        requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, example = "What changed in the refund policy?")
    @Nullable String question,
    @ArraySchema(arraySchema = @Schema(description = "The collections to search, at most 10."), maxItems = 10,
        schema = @Schema(pattern = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}"))
    @Nullable List<String> collections,
    @Schema(description = "The memory namespace to recall from; blank or absent: none.",
        pattern = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
    @Nullable String memoryNamespace,
    @ArraySchema(arraySchema = @Schema(description = "The conversation so far, oldest first; at most 50 messages."),
        maxItems = 50)
    @Nullable List<HistoryMessage> history,
    // described, not an enum: the server takes any letter case
    @Schema(description = "fast (one retrieval round) or deep (iterative search), any letter case. Default: fast.",
        defaultValue = "fast")
    @Nullable String mode,
    @Schema(description = "true: the answer comes as server-sent events.", defaultValue = "false")
    @Nullable Boolean stream,
    @Schema(description = "Budget options, each optional; absent: the configured defaults.")
    @Nullable Budget budget) {

  /**
   * Budget options, each optional: tokens of context, tokens of answer, hits per search and per recall,
   * and the deep-search limits (rounds, wall time in ms, tokens).
   */
  @Schema(name = "AnswerBudget", description = "Budget options, each optional; a value outside its range is a 400."
      + " Defaults come from engram.llm.answers.*.")
  public record Budget(
      @Schema(description = "Tokens of context to pack.", minimum = "64", maximum = "128000", defaultValue = "3000")
      @Nullable Integer contextTokens,
      @Schema(description = "Tokens of answer to generate.", minimum = "16", maximum = "16384", defaultValue = "512")
      @Nullable Integer maxAnswerTokens,
      @Schema(description = "Hits per search.", minimum = "1", maximum = "100", defaultValue = "10")
      @Nullable Integer topK,
      @Schema(description = "Items per memory recall.", minimum = "1", maximum = "100", defaultValue = "5")
      @Nullable Integer memoryTopK,
      @Schema(description = "Deep search: most rounds.", minimum = "1", maximum = "8", defaultValue = "3")
      @Nullable Integer maxRounds,
      @Schema(description = "Deep search: most wall time, in milliseconds.", minimum = "100", maximum = "300000",
          defaultValue = "20000")
      @Nullable Integer maxWallMs,
      @Schema(description = "Deep search: most tokens used.", minimum = "100", maximum = "2000000",
          defaultValue = "20000")
      @Nullable Integer maxTokens) {
  }
}
