package io.engram.llm.answer;

import io.engram.llm.deep.RoundTrace;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.generate.Citation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An answer with its citations, which generator wrote it, whether the sources supported an answer
 * ({@code grounded}), whether a source was missing ({@code degraded} and why), the context it used
 * (ranked, with sources), token usage, the write-back it queued, and a trace of every stage.
 */
@Schema(description = "An answer with its citations, the context it used, token usage, the write-back and a trace.")
public record AnswerResponse(
    @Schema(description = "The answer's text; citation markers [n] refer to citations.") String answer,
    @Schema(description = "The sources the answer rests on.") List<Citation> citations,
    @Schema(description = "Which generator wrote the answer (e.g. extractive).") String generator,
    @Schema(description = "Whether the sources supported an answer.") boolean grounded,
    @Schema(description = "Whether a source was missing (a search or recall failed).") boolean degraded,
    @Schema(description = "Why the answer is degraded; empty when it is not.") List<String> degradedReasons,
    @Schema(description = "fast or deep.") String mode,
    @Schema(description = "The context the answer used, in rank order.") List<ContextEntry> context,
    @Schema(description = "Token usage.") Usage usage,
    @Schema(description = "What happened to the write-back of the interaction to memory.") WriteBack writeBack,
    @Schema(description = "Stages with timings, and for deep search its rounds.") Trace trace) {

  /**
   * One passage of the context, in rank order, with its source; {@code via} says how it got here: {@code retrieval}
   * (a search found it), {@code memory} (a recalled item), {@code memory-pointer} (a chunk a recalled item points at).
   */
  @Schema(name = "ContextEntry", description = "One passage of the context, in rank order, with its source.")
  public record ContextEntry(
      @Schema(description = "The passage's rank, from 1.") int rank,
      @Schema(description = "The citation key: chunk:<chunkId> or memory:<itemId>.") String id,
      @Schema(description = "chunk or memory.") String kind,
      @Schema(description = "The chunk or memory item id.") String sourceId,
      @Schema(description = "A chunk's document id; null for memory.") @Nullable String documentId,
      @Schema(description = "The collection of a chunk, the namespace of a memory item.") @Nullable String origin,
      @Schema(description = "A chunk's document title.") @Nullable String title,
      @Schema(description = "The passage's fused score.") double score,
      @Schema(description = "Citation keys of near-duplicates folded into this passage.") List<String> alsoFrom,
      @Schema(description = "How the passage got into the context: retrieval, memory, memory-pointer",
          allowableValues = {"retrieval", "memory", "memory-pointer"}) List<String> via) {
  }

  /** Tokens: packed context, prompt and completion (0 for the extractive generator). */
  @Schema(name = "AnswerUsage", description = "Tokens: packed context, prompt and completion.")
  public record Usage(@Schema(description = "Tokens of the packed context.") int contextTokens,
      @Schema(description = "The context budget in tokens.") int contextBudget,
      @Schema(description = "Prompt tokens (0 for the extractive generator).") int promptTokens,
      @Schema(description = "Completion tokens (0 for the extractive generator).") int completionTokens) {
  }

  /** What happened to the interaction's write-back to memory. */
  @Schema(name = "MemoryWriteBack", description = "What happened to the interaction's write-back to memory.")
  public record WriteBack(
      @Schema(description = "queued (stored in the write-back outbox, delivered to memory later), not-stored (the outbox "
          + "could not be written: the interaction is not learned), disabled, 'skipped: no memory namespace' or "
          + "'skipped: answer not grounded'.")
      String status,
      @Schema(description = "The id of the memory event queued; null when none was.") @Nullable String eventId,
      @Schema(description = "Why the write-back was not stored (with status not-stored); null otherwise.")
      @Nullable String reason) {
  }

  /**
   * Stages with timings; for deep search also each round, why it stopped and the tokens it used; and the id
   * of the distributed trace the answer was made in (the same as in the {@code traceresponse} header).
   */
  @Schema(name = "AnswerTrace", description = "Stages with timings, deep search's rounds, and the trace id.")
  public record Trace(@Schema(description = "How long answering took, in milliseconds.") long totalMs,
      @Schema(description = "Each stage with its timing and outcome.") List<StageTrace> stages,
      @Schema(description = "Deep search's rounds and why it stopped; null in fast mode.") @Nullable Deep deep,
      @Schema(description = "The id of the distributed trace (as in the traceresponse header).") @Nullable String traceId) {
  }

  /** The deep-search part of the trace. */
  @Schema(name = "DeepSearchTrace", description = "The deep-search part of the trace.")
  public record Deep(@Schema(description = "Which planner chose the queries.") String planner,
      @Schema(description = "Each round.") List<RoundTrace> rounds,
      @Schema(description = "Why the search stopped.") String stopReason,
      @Schema(description = "Tokens used.") int tokensUsed,
      @Schema(description = "The round budget.") int maxRounds,
      @Schema(description = "The wall-time budget, in milliseconds.") int maxWallMs,
      @Schema(description = "The token budget.") int maxTokens) {
  }
}
