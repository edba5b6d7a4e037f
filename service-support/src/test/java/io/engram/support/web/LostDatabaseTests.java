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
    assertThat(DatabaseFailures.unavailable(new TransactionSystemException("commit failed",
        new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
  }

  @Test
  void whenAnErrorHasNothingToDoWithTheConnectionThenItStaysA500() {
    assertThat(DatabaseFailures.unavailable(new TransactionSystemException("x", new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(new ProblemHandler().unexpected(new IllegalStateException("bug"), null).getStatusCode())
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }

  @Test
  void whenParallelWorkersAreStoppedUnderAStatementAsTheServerShutsDownThenItIsA503() {
    // PostgreSQL's parallel.c raises these with ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE (55000) during a fast stop
    Exception lostWorker = new org.springframework.jdbc.UncategorizedSQLException("select", "select ...",
        new SQLException("ERROR: lost connection to parallel worker", "55000"));
    assertThat(new ProblemHandler().unexpected(lostWorker, null).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(DatabaseFailures.unavailable(new SQLException("parallel worker failed to initialize", "55000"))).isTrue();
  }

  @Test
  void whenTheServerRunsOutOfResourcesOrRollsBackADeadlockThenItIsA503() {
    assertThat(DatabaseFailures.unavailable(new SQLException("sorry, too many clients already", "53300"))).isTrue();
    assertThat(DatabaseFailures.unavailable(new SQLException("deadlock detected", "40P01"))).isTrue();
    assertThat(DatabaseFailures.unavailable(new SQLException("could not read block", "58030"))).isTrue();
    assertThat(DatabaseFailures.unavailable(new java.sql.SQLRecoverableException("socket closed"))).isTrue();
  }

  @Test
  void whenTheLostConnectionIsOnlyASuppressedExceptionThenItIsStillA503() {
    IllegalStateException closing = new IllegalStateException("closing the result failed");
    closing.addSuppressed(new SQLException("This connection has been closed.", "08003"));
    assertThat(DatabaseFailures.unavailable(closing)).isTrue();
  }

  @Test
  void whenTheStatementItselfIsWrongThenItStaysA500() {
    assertThat(DatabaseFailures.unavailable(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(DatabaseFailures.unavailable(new SQLException("invalid input syntax", "22P02"))).isFalse();
    assertThat(DatabaseFailures.unavailable(new SQLException("lock not available", "55P03"))).isFalse();
    assertThat(DatabaseFailures.unavailable(new SQLException("no state", (String) null))).isFalse();
  }

  @Test
  void whenTheRollbackAfterALostConnectionFailsOnThePoolsClosedConnectionThenItIsA503() {
    // what CrashIT saw: the statement failed with a broken pipe, HikariCP evicted the connection, and the rollback on its
    // closed proxy threw an SQLException without SQLState; Spring throws the rollback's failure, the statement's aside
    TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
        new SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
        "PreparedStatementCallback", new SQLException("An I/O error occurred while sending to the backend.", "08006")));
    assertThat(new ProblemHandler().unexpected(rollbackFailed, null).getStatusCode())
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    TransactionSystemException afterABug = new TransactionSystemException("JDBC rollback failed",
        new SQLException("Connection is closed"));
    afterABug.initApplicationException(new IllegalStateException("bug"));
    assertThat(DatabaseFailures.unavailable(afterABug)).isFalse();
  }
}
