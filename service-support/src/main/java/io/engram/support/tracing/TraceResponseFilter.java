package io.engram.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the caller which trace its request joined: the W3C Trace Context {@value #HEADER} header
 * ({@code 00-<trace id>-<span id>-<flags>}) of the server span, set before the response is written. Runs
 * inside Boot's server observation, which opened the span (and continued a {@code traceparent} if one came).
 */
public class TraceResponseFilter extends OncePerRequestFilter {

  public static final String HEADER = "traceresponse";

  private final Tracer tracer;

  public TraceResponseFilter(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * The {@value #HEADER} value of {@code span}, or null without one. An unsampled span (no export configured)
   * still has its ids: the header then ends in {@code -00}.
   */
  public static String value(Span span) {
    if (span == null || span.context().traceId() == null || span.context().traceId().isBlank()) {
      return null;
    }
    Boolean sampled = span.context().sampled();
    return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
        + (Boolean.TRUE.equals(sampled) ? "01" : "00");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String value = value(tracer.currentSpan());
    if (value != null) {
      response.setHeader(HEADER, value);
    }
    chain.doFilter(request, response);
  }
}
