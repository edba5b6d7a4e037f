package io.engram.support.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.slf4j.MDC;

/**
 * Builds RFC 9457 problem documents with the platform's stable {@code type} URIs, one per kind of
 * problem ({@code https://engram.dev/problems/<slug>}), and the request id that ties them to logs.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://engram.dev/problems/";

  private Problems() {
  }

  public static URI type(String slug) {
    return URI.create(TYPE_BASE + slug);
  }

  public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(slug));
    problem.setTitle(title);
    decorate(problem);
    return problem;
  }

  /** Gives a framework-made problem a stable type and the request id. */
  public static ProblemDetail decorate(ProblemDetail problem) {
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      problem.setType(type(slugFor(problem.getStatus())));
    }
    String requestId = MDC.get(io.engram.support.identity.RequestIds.MDC_KEY);
    if (requestId != null && (problem.getProperties() == null || !problem.getProperties().containsKey("requestId"))) {
      problem.setProperty("requestId", requestId);
    }
    return problem;
  }

  /**
   * The problem as RFC 9457 members (extension members at top level), for writers that have no
   * Spring message converter at hand: servlet filters, the reactive gateway's error handler.
   */
  public static Map<String, Object> toMap(ProblemDetail problem) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
    if (problem.getTitle() != null) {
      members.put("title", problem.getTitle());
    }
    members.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      members.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      members.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      problem.getProperties().forEach(members::putIfAbsent);
    }
    return members;
  }

  public static String slugFor(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 409 -> "conflict";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 422 -> "unprocessable";
      case 429 -> "rate-limited";
      case 502 -> "bad-gateway";
      case 503 -> "unavailable";
      case 504 -> "gateway-timeout";
      default -> status >= 500 ? "internal" : "client-error";
    };
  }
}
