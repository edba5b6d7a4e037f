package io.engram.support.web;

import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.RequestIds;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as a problem document: what Tomcat rejects before the request reaches Spring
 * (an encoded {@code /} or NUL in a path segment, invalid percent-encoding, a malformed request line)
 * would otherwise get Tomcat's HTML page. Replaces the host's {@link ErrorReportValve}; errors that Spring
 * handles have already written their problem and are left alone, as the original valve leaves them.
 */
public class ProblemReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // the same guards as Tomcat's valve: only errors, only when nothing was written, only once
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String requestId = request.getAttribute(RequestIds.MDC_KEY) instanceof String id ? id
        : RequestIds.accept(request.getHeader(EngramHeaders.REQUEST_ID));
    ProblemDetail problem = problem(status);
    problem.setProperty("requestId", requestId);
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader(EngramHeaders.REQUEST_ID, requestId);
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json(Problems.toMap(problem)));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away or the response was committed meanwhile: nothing more to tell
    }
  }

  static ProblemDetail problem(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail = status == 400
        ? "The request was rejected before reaching the service: its URL or headers are malformed (for example an"
            + " encoded '/' or NUL byte in a path segment, an invalid percent-encoding or a character a URL cannot hold)."
        : status >= 500 ? "The service failed to handle the request; quote the request id when reporting it."
        : "The request could not be handled: " + title + ".";
    return Problems.of(HttpStatusCode.valueOf(status), Problems.slugFor(status), title, detail);
  }

  /** The flat problem members as JSON; values are strings and numbers only. */
  static String json(Map<String, Object> members) {
    StringBuilder out = new StringBuilder("{");
    members.forEach((name, value) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(out, name).append(':');
      if (value instanceof Number number) {
        out.append(number);
      } else {
        quote(out, String.valueOf(value));
      }
    });
    return out.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
