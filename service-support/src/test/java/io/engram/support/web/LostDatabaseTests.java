package io.engram.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/** A connection lost under a commit or rollback is the database being unavailable (503), not a service fault (500). */
class LostDatabaseTests {

  @Test
  void whenARollbackFailsBecauseTheServerShutDownThenItIsA503ProblemWithRetryAfter() {
    Exception rollbackFailed = new TransactionSystemException("JDBC rollback failed",
        new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    var response = new ProblemHandler().unexpected(rollbackFailed, null);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo(ProblemHandler.RETRY_AFTER_SECONDS);
    assertThat(ProblemHandler.lostDatabase(new TransactionSystemException("commit failed",
        new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
  }

  @Test
  void whenAnErrorHasNothingToDoWithTheConnectionThenItStaysA500() {
    assertThat(ProblemHandler.lostDatabase(new TransactionSystemException("x", new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(new ProblemHandler().unexpected(new IllegalStateException("bug"), null).getStatusCode())
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
