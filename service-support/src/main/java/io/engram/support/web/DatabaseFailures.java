package io.engram.support.web;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that cannot serve a statement just now (down, restarting, out of connections, a deadlock rolled
 * back) from a statement or a service that is wrong: the first is a 503 problem with Retry-After in every service and
 * in the gateway, the second a 500. One rule for all of them, so that they cannot drift apart.
 */
public final class DatabaseFailures {

  private DatabaseFailures() {
  }

  /**
   * Whether an exception comes from the database being unavailable rather than from the request or the service:
   * somewhere in its causes (their suppressed exceptions, and the statement's exception that a failed rollback set
   * aside) one of the JDBC connection exceptions, a translated resource failure, or an SQLState that says the server
   * could not do the work just now: class 08 (connection), 40 (deadlock or serialization failure: the transaction was
   * rolled back and may simply be retried), 53 (insufficient resources: too many connections, out of memory, disk
   * full), 57 (operator intervention: shutting down, starting, crashed), 58 (system error) and 55000 (object not in
   * prerequisite state), which is what a statement gets when its parallel workers are stopped or refused under it
   * while the server shuts down ("parallel worker failed to initialize", "lost connection to parallel worker").
   * Errors caused by the statement itself (syntax, data, constraints: classes 22, 23, 42, ...) are not: they stay 500
   * or get their own problem.
   */
  public static boolean unavailable(Throwable e) {
    return unavailable(e, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
  }

  private static boolean unavailable(Throwable e, java.util.Set<Throwable> seen) {
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
          && failed.getApplicationException() != null && unavailable(failed.getApplicationException(), seen)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (unavailable(suppressed, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean unavailableState(@Nullable String state) {
    if (state == null || state.length() != 5) {
      return false;
    }
    return switch (state.substring(0, 2)) {
      case "08", "40", "53", "57", "58" -> true;
      case "55" -> state.equals("55000");
      default -> false;
    };
  }

}
