package io.engram.support.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place a service turns exceptions into RFC 9457 problem documents. Framework errors keep their
 * status and get a stable type; anything unexpected becomes a 500 problem that names the request id and
 * nothing of the stack.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolation(ConstraintViolationException e, WebRequest request) {
    List<Map<String, String>> errors = e.getConstraintViolations().stream()
        .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage()))
        .toList();
    ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
        "The request has invalid fields.");
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  /**
   * The database cannot be reached (down, restarting, or no connection free within the pool's timeout): a 503 problem
   * with Retry-After, so that clients and the gateway back off instead of seeing a 500; the service resumes by itself
   * when connections succeed again.
   */
  @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
  ResponseEntity<Object> databaseUnavailable(Exception e, WebRequest request) {
    // the most specific cause says which: refused, or no connection free in the pool within its timeout
    log.warn("database unavailable: {}: {}", e.getClass().getSimpleName(),
        org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e).getMessage());
    ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
        "The service cannot reach its database right now; retry in a few seconds.");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .body(problem);
  }

  /** Seconds a client should wait before retrying when the database is unavailable (the gateway says the same). */
  public static final String RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    if (DatabaseFailures.unavailable(e)) {
      // the connection died under a statement, a commit or a rollback (TransactionSystemException "JDBC rollback
      // failed" while PostgreSQL stops): the database is unavailable, not the service broken
      return databaseUnavailable(e, request);
    }
    log.error("unexpected error", e);
    ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "The service failed to handle the request; quote the request id when reporting it.");
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      Problems.decorate(problem);
    } else if (body == null && ex instanceof org.springframework.web.ErrorResponse response) {
      // ErrorResponseException (and so ProblemException) arrives here with a null body: keep its own problem
      body = Problems.decorate(response.getBody());
    } else if (body == null) {
      body = Problems.decorate(ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage()));
    }
    return super.handleExceptionInternal(ex, body, headers, statusCode, request);
  }
}
