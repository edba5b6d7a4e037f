package io.engram.retrieval.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * An ingestion job as the API shows it: its state, counts, progress in [0, 1] and the documents that
 * failed, each with the reason.
 */
@Schema(description = "An ingestion job: its state, counts, progress and the documents that failed.")
public record JobView(
    @Schema(description = "The job's id.") UUID jobId,
    @Schema(description = "The job's state: queued, running, succeeded (at least one document stored, or none to"
        + " store) or failed (no document stored).") String state,
    @Schema(description = "How many documents the job holds.") int total,
    @Schema(description = "How many documents were stored.") int succeeded,
    @Schema(description = "How many documents failed.") int failed,
    @Schema(description = "The share of documents done (stored or failed).", minimum = "0", maximum = "1")
    double progress,
    @Schema(description = "The documents that failed, each with the reason.") List<DocumentError> errors) {

  /** Why one document of a job was not stored. */
  @Schema(description = "Why one document of a job was not stored.")
  public record DocumentError(
      @Schema(description = "The document's id as given.") String documentId,
      @Schema(description = "Why it was not stored.") String message) {
  }

  public boolean finished() {
    return state.equals("succeeded") || state.equals("failed");
  }
}
