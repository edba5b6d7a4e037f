package io.engram.gateway.problem;

import io.engram.support.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An error the gateway itself answers (bad key, missing scope, over the limit, body too large) with a
 * stable problem type and, where the protocol asks for them, response headers such as
 * {@code WWW-Authenticate} or {@code Retry-After}. Thrown from filters and controllers alike;
 * {@link ProblemWebExceptionHandler} renders it.
 */
public class GatewayProblem extends ErrorResponseException {

  public GatewayProblem(HttpStatus status, String slug, String detail) {
    super(status, Problems.of(status, slug, status.getReasonPhrase(), detail), null);
  }

  public static GatewayProblem unauthenticated(String slug, String detail) {
    GatewayProblem problem = new GatewayProblem(HttpStatus.UNAUTHORIZED, slug, detail);
    problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"engram\"");
    return problem;
  }

  /**
   * The gateway's own database (keys, tenants) cannot be reached: 503 with Retry-After, as the services answer
   * ({@code database-unavailable}, {@link io.engram.support.web.ProblemHandler}).
   */
  public static GatewayProblem databaseUnavailable(String detail) {
    return new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", detail)
        .header(HttpHeaders.RETRY_AFTER, io.engram.support.web.ProblemHandler.RETRY_AFTER_SECONDS);
  }

  public static GatewayProblem forbidden(String slug, String detail) {
    return new GatewayProblem(HttpStatus.FORBIDDEN, slug, detail);
  }

  public static GatewayProblem badRequest(String slug, String detail) {
    return new GatewayProblem(HttpStatus.BAD_REQUEST, slug, detail);
  }

  public static GatewayProblem notFound(String slug, String detail) {
    return new GatewayProblem(HttpStatus.NOT_FOUND, slug, detail);
  }

  public static GatewayProblem conflict(String slug, String detail) {
    return new GatewayProblem(HttpStatus.CONFLICT, slug, detail);
  }

  public GatewayProblem with(String property, Object value) {
    getBody().setProperty(property, value);
    return this;
  }

  public GatewayProblem header(String name, String value) {
    getHeaders().set(name, value);
    return this;
  }
}
