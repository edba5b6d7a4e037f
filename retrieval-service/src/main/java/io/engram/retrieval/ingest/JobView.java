package io.engram.retrieval.ingest;

import java.util.List;
import java.util.UUID;

/**
 * An ingestion job as the API shows it: its state, counts, progress in [0, 1] and the documents that
 * failed, each with the reason.
 */
public record JobView(UUID jobId, String state, int total, int succeeded, int failed, double progress,
    List<DocumentError> errors) {

  /** Why one document of a job was not stored. */
  public record DocumentError(String documentId, String message) {
  }

  public boolean finished() {
    return state.equals("succeeded") || state.equals("failed");
  }
}
