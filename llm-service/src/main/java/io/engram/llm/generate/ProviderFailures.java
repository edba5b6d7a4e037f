package io.engram.llm.generate;

import io.engram.support.web.ProblemException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;

/**
 * Turns whatever a model provider's client threw into a problem the caller can act on: a timeout is 504
 * {@code provider-timeout}, anything else 502 {@code provider-error}; the detail names the provider and
 * the provider's status, never the prompt.
 */
public final class ProviderFailures {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProviderFailures.class);

  private ProviderFailures() {
  }

  public static ProblemException translate(String provider, Throwable error) {
    if (error instanceof ProblemException problem) {
      return problem;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof HttpTimeoutException || t instanceof InterruptedIOException
          || t.getClass().getSimpleName().contains("Timeout")) {
        log.warn("model provider {} timed out: {}", provider, t.getClass().getSimpleName());
        return new ProblemException(HttpStatus.GATEWAY_TIMEOUT, "provider-timeout",
            "Model provider timed out", "The model provider '" + provider + "' did not answer in time.");
      }
    }
    Integer status = statusOf(error);
    String detail = "The model provider '" + provider + "' failed"
        + (status == null ? "" : " with HTTP " + status) + ": " + shortMessage(error);
    ProblemException problem = new ProblemException(HttpStatus.BAD_GATEWAY, "provider-error", "Model provider error", detail);
    if (status != null) {
      problem.with("providerStatus", status);
    }
    // the provider's own message and status only: never the prompt
    log.warn("model provider {} failed: {}", provider, detail);
    return problem;
  }

  /** The provider's HTTP status, read from the SDKs' exceptions without depending on each SDK's types. */
  static Integer statusOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof org.springframework.web.client.RestClientResponseException r) {
        return r.getStatusCode().value();
      }
      for (String method : new String[] {"statusCode", "getStatusCode"}) {
        try {
          Object value = t.getClass().getMethod(method).invoke(t);
          if (value instanceof Integer i) {
            return i;
          }
          if (value instanceof org.springframework.http.HttpStatusCode code) {
            return code.value();
          }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
          // not this kind of exception
        }
      }
    }
    return null;
  }

  private static String shortMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = error.getMessage() == null ? root.getClass().getSimpleName() : error.getMessage();
    message = message.replaceAll("\\s+", " ");
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
