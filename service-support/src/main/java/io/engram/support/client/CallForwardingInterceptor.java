package io.engram.support.client;

import io.engram.support.identity.EngramHeaders;
import io.engram.support.web.IdentityFilter;
import io.engram.support.web.RequestIdFilter;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Carries the caller's request id and signed identity on calls from one service to another, so that logs
 * correlate and the called service sees the same tenant. Reads the current servlet request when there is
 * one on this thread, else the logging context; work handed to other threads should bind
 * {@link CallContext} there.
 */
public class CallForwardingInterceptor implements ClientHttpRequestInterceptor {

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    CallContext context = CallContext.current();
    if (context.requestId() != null && !request.getHeaders().containsHeader(EngramHeaders.REQUEST_ID)) {
      request.getHeaders().set(EngramHeaders.REQUEST_ID, context.requestId());
    }
    if (context.identityToken() != null && !request.getHeaders().containsHeader(EngramHeaders.IDENTITY)) {
      request.getHeaders().set(EngramHeaders.IDENTITY, context.identityToken());
    }
    return execution.execute(request, body);
  }

  /**
   * Request id, signed identity and observation context (the trace) of the request being served, capturable
   * for other threads: a call made there carries the same ids and joins the same trace.
   *
   * @param observation the thread-local observation state (current span) captured with the context, or null
   */
  public record CallContext(String requestId, String identityToken, io.micrometer.context.@Nullable ContextSnapshot observation) {

    private static final ScopedValue<CallContext> BOUND = ScopedValue.newInstance();
    private static final io.micrometer.context.ContextSnapshotFactory SNAPSHOTS =
        io.micrometer.context.ContextSnapshotFactory.builder().build();

    public CallContext(String requestId, String identityToken) {
      this(requestId, identityToken, null);
    }

    /** The context bound by {@link #run}, else the one of the servlet request on this thread. */
    public static CallContext current() {
      if (BOUND.isBound()) {
        return BOUND.get();
      }
      String requestId = MDC.get(RequestIdFilter.MDC_KEY);
      String token = null;
      RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
      if (attributes instanceof ServletRequestAttributes servlet) {
        token = servlet.getRequest().getHeader(EngramHeaders.IDENTITY);
        if (requestId == null) {
          requestId = (String) servlet.getRequest().getAttribute(RequestIdFilter.MDC_KEY);
        }
        if (servlet.getRequest().getAttribute(IdentityFilter.ATTRIBUTE) == null) {
          token = null;
        }
      }
      return new CallContext(requestId, token, SNAPSHOTS.captureAll());
    }

    /** Runs {@code task} (on any thread) as if inside the request this context was captured from. */
    public void run(Runnable task) {
      ScopedValue.where(BOUND, this).run(() -> {
        String previous = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
          MDC.put(RequestIdFilter.MDC_KEY, requestId);
        }
        try (io.micrometer.context.ContextSnapshot.Scope trace = observation == null ? null : observation.setThreadLocals()) {
          task.run();
        } finally {
          if (previous == null) {
            MDC.remove(RequestIdFilter.MDC_KEY);
          } else {
            MDC.put(RequestIdFilter.MDC_KEY, previous);
          }
        }
      });
    }
  }
}
