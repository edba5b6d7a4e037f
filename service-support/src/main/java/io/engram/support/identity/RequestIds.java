package io.engram.support.identity;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: which ones a caller may choose, and where logs find the current one. */
public final class RequestIds {

  /** Logging-context and request-attribute key of the current request id. */
  public static final String MDC_KEY = "requestId";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

  private RequestIds() {
  }

  /** The caller's id when it is well formed (so it cannot inject into logs or headers), a new one otherwise. */
  public static String accept(String candidate) {
    return candidate != null && VALID.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
  }
}
