package io.engram.memory.namespace;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code memory.namespaces}, the one owner of that table (the write path, the token budget,
 * consolidation and the stats ask it). The namespace row is the per-namespace write lock. One statement
 * elsewhere also writes it: the event insert ({@code EventRepository.insertIfNew}) counts its event in the
 * same statement, one round trip on every write. Call inside a tenant transaction.
 */
@Repository
public class NamespaceRepository {

  private final JdbcClient jdbc;

  public NamespaceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A namespace's counters; all zero for a namespace never written to. */
  public record Counters(long events, long ingestedTokens, long answersWrittenBack, long answersUsingMemory) {
  }

  /**
   * Creates the namespace if needed and locks its row until the transaction ends; returns its event count. One
   * statement: the no-op update on conflict takes the row lock that {@code select ... for update} would.
   */
  public long lock(String tenant, String namespace) {
    return jdbc.sql("insert into memory.namespaces (tenant_id, name) values (?, ?) on conflict (tenant_id, name)"
            + " do update set event_count = memory.namespaces.event_count returning event_count")
        .params(tenant, namespace).query(Long.class).single();
  }

  public boolean exists(String tenant, String namespace) {
    return jdbc.sql("select count(*) from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).single() > 0;
  }

  /** How many events the namespace holds (the last event's sequence number); empty when it does not exist. */
  public Optional<Long> eventCount(String tenant, String namespace) {
    return jdbc.sql("select event_count from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).optional();
  }

  /** Counts one answer written back into the namespace, and whether it used memory earlier answers wrote back. */
  public void countAnswer(String tenant, String namespace, boolean usedWrittenBack) {
    jdbc.sql("""
            update memory.namespaces set answers_written_back = answers_written_back + 1,
              answers_using_memory = answers_using_memory + case when ? then 1 else 0 end
            where tenant_id = ? and name = ?""")
        .params(usedWrittenBack, tenant, namespace).update();
  }

  /** Call as system (every tenant's rows): the tokens ingested into all namespaces together. */
  public long totalIngestedTokens() {
    return jdbc.sql("select coalesce(sum(ingested_tokens), 0) from memory.namespaces").query(Long.class).single();
  }

  public Counters counters(String tenant, String namespace) {
    return jdbc.sql("""
            select event_count, ingested_tokens, answers_written_back, answers_using_memory
            from memory.namespaces where tenant_id = ? and name = ?""")
        .params(tenant, namespace).query((rs, n) -> new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .optional().orElse(new Counters(0, 0, 0, 0));
  }
}
