package io.engram.llm.answer;

import io.engram.llm.deep.RoundTrace;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.generate.Citation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An answer with its citations, which generator wrote it, whether the sources supported an answer
 * ({@code grounded}), whether a source was missing ({@code degraded} and why), the context it used
 * (ranked, with sources), token usage, the write-back it queued, and a trace of every stage.
 */
public record AnswerResponse(String answer, List<Citation> citations, String generator, boolean grounded,
    boolean degraded, List<String> degradedReasons, String mode, List<ContextEntry> context, Usage usage,
    WriteBack writeBack, Trace trace) {

  /**
   * One passage of the context, in rank order, with its source; {@code via} says how it got here: {@code retrieval}
   * (a search found it), {@code memory} (a recalled item), {@code memory-pointer} (a chunk a recalled item points at).
   */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ContextEntry")
  public record ContextEntry(int rank, String id, String kind, String sourceId, @Nullable String documentId,
      @Nullable String origin, @Nullable String title, double score, List<String> alsoFrom,
      @io.swagger.v3.oas.annotations.media.Schema(description = "How the passage got into the context: retrieval, memory, memory-pointer",
          allowableValues = {"retrieval", "memory", "memory-pointer"}) List<String> via) {
  }

  /** Tokens: packed context, prompt and completion (0 for the extractive generator). */
  @io.swagger.v3.oas.annotations.media.Schema(name = "AnswerUsage")
  public record Usage(int contextTokens, int contextBudget, int promptTokens, int completionTokens) {
  }

  /** What happened to the interaction's write-back to memory. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "MemoryWriteBack")
  public record WriteBack(String status, @Nullable String eventId) {
  }

  /**
   * Stages with timings; for deep search also each round, why it stopped and the tokens it used; and the id
   * of the distributed trace the answer was made in (the same as in the {@code traceresponse} header).
   */
  @io.swagger.v3.oas.annotations.media.Schema(name = "AnswerTrace")
  public record Trace(long totalMs, List<StageTrace> stages, @Nullable Deep deep, @Nullable String traceId) {
  }

  /** The deep-search part of the trace. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "DeepSearchTrace")
  public record Deep(String planner, List<RoundTrace> rounds, String stopReason, int tokensUsed, int maxRounds,
      int maxWallMs, int maxTokens) {
  }
}
