package io.engram.llm.source;

import org.jspecify.annotations.Nullable;

/**
 * A call to the retrieval or memory service failed. A 4xx status means the request was wrong (for
 * example an unknown collection) and is the caller's problem; anything else (status 0 for no response)
 * means the source is unavailable and the answer degrades.
 */
public class SourceException extends RuntimeException {

  private final String source;
  private final int status;
  private final @Nullable String detail;

  public SourceException(String source, int status, @Nullable String detail, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.source = source;
    this.status = status;
    this.detail = detail;
  }

  public String source() {
    return source;
  }

  public int status() {
    return status;
  }

  public @Nullable String detail() {
    return detail;
  }

  public boolean isClientError() {
    return status >= 400 && status < 500;
  }
}
