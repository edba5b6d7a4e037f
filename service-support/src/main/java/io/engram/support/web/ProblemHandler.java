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

  /**
   * Whether an exception comes from the database being unavailable rather than from the request or the service: somewhere
   * in its causes (their suppressed exceptions, and the statement's exception that a failed rollback set aside) one of the JDBC connection exceptions, a translated resource failure,
   * or an SQLState that says the server could not do the work just now: class 08 (connection), 40 (deadlock or
   * serialization failure: the transaction was rolled back and may simply be retried), 53 (insufficient resources:
   * too many connections, out of memory, disk full), 57 (operator intervention: shutting down, starting, crashed), 58
   * (system error) and 55000 (object not in prerequisite state), which is what a statement gets when its parallel
   * workers are stopped or refused under it while the server shuts down ("parallel worker failed to initialize", "lost
   * connection to parallel worker"). Errors caused by the statement itself (syntax, data, constraints: classes 22, 23,
   * 42, ...) are not: they stay 500 or get their own problem.
   */
  static boolean lostDatabase(Throwable e) {
    return lostDatabase(e, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
  }

  private static boolean lostDatabase(Throwable e, java.util.Set<Throwable> seen) {
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLRecoverableException || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && unavailableState(sql.getSQLState())) {
        return true;
      }
      // a rollback after a lost connection fails too (HikariCP's closed-connection proxy throws "Connection is closed"
      // without an SQLState) and Spring throws that failure, keeping the statement's own exception aside
      if (t instanceof org.springframework.transaction.TransactionSystemException failed
          && failed.getApplicationException() != null && lostDatabase(failed.getApplicationException(), seen)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (lostDatabase(suppressed, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean unavailableState(@org.jspecify.annotations.Nullable String state) {
    if (state == null || state.length() != 5) {
      return false;
    }
    return switch (state.substring(0, 2)) {
      case "08", "40", "53", "57", "58" -> true;
      case "55" -> state.equals("55000");
      default -> false;
    };
  }

  /** Seconds a client should wait before retrying when the database is unavailable (the gateway says the same). */
  public static final String RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    if (lostDatabase(e)) {
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
