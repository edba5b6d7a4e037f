package io.engram.support.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error a service means to show its caller as a problem document: a status, a stable type slug and a
 * human-readable detail. Throw it (or a subclass) from anywhere below a controller.
 */
public class ProblemException extends ErrorResponseException {

  public ProblemException(HttpStatus status, String slug, String title, String detail) {
    super(status, Problems.of(status, slug, title, detail), null);
  }

  public static ProblemException badRequest(String slug, String detail) {
    return new ProblemException(HttpStatus.BAD_REQUEST, slug, "Bad request", detail);
  }

  public static ProblemException notFound(String slug, String detail) {
    return new ProblemException(HttpStatus.NOT_FOUND, slug, "Not found", detail);
  }

  public static ProblemException conflict(String slug, String detail) {
    return new ProblemException(HttpStatus.CONFLICT, slug, "Conflict", detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
  }

  public ProblemException with(String property, Object value) {
    ProblemDetail body = getBody();
    body.setProperty(property, value);
    return this;
  }
}
