package io.engram.memory.event;

import io.engram.memory.item.ItemRepository;
import io.engram.memory.namespace.NamespaceClock;
import io.engram.memory.namespace.NamespaceRepository;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code memory.events}, the one owner of that table. The namespace's own statements belong to
 * {@link NamespaceRepository}; the write path's namespace calls pass through here to it, except the event
 * insert, which counts its event in the namespace row in the same statement (one round trip per write).
 */
@Repository
public class EventRepository implements NamespaceClock {

  private final JdbcClient jdbc;
  private final NamespaceRepository namespaces;

  public EventRepository(JdbcClient jdbc, NamespaceRepository namespaces) {
    this.jdbc = jdbc;
    this.namespaces = namespaces;
  }

  /** {@link NamespaceRepository#lock}: creates the namespace if needed, locks its row, returns its event count. */
  public long lockNamespace(String tenant, String namespace) {
    return namespaces.lock(tenant, namespace);
  }

  /** {@link NamespaceRepository#exists}. */
  public boolean namespaceExists(String tenant, String namespace) {
    return namespaces.exists(tenant, namespace);
  }

  public boolean exists(String tenant, String namespace, String clientId) {
    return jdbc.sql("select count(*) from memory.events where tenant_id = ? and namespace = ? and client_id = ?")
        .params(tenant, namespace, clientId).query(Long.class).single() > 0;
  }

  /**
   * Stores the event with the next sequence number and counts it in the namespace, unless its client id is
   * already there; returns its row id, or empty for a duplicate. One statement (one round trip) for what the
   * write path does on every event; call it while holding the namespace lock.
   */
  public Optional<Long> insertIfNew(String tenant, String namespace, long seq, IncomingEvent e, String text, int tokens,
      Long simhash) {
    return jdbc.sql("""
            with e as (
              insert into memory.events (tenant_id, namespace, client_id, seq, kind, text, payload, event_time, sources, tokens, simhash)
              values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::text[], ?, ?)
              on conflict (tenant_id, namespace, client_id) do nothing returning id),
            n as (
              update memory.namespaces set event_count = ?, ingested_tokens = ingested_tokens + ?
              where tenant_id = ? and name = ? and exists (select 1 from e))
            select id from e""")
        .params(tenant, namespace, e.clientId(), seq, e.kind(), text, e.payloadJson(), Timestamp.from(e.eventTime()),
            ItemRepository.pgArray(e.sources()), tokens, simhash, seq, tokens, tenant, namespace)
        .query(Long.class).optional();
  }

  /** {@link NamespaceRepository#countAnswer}. */
  public void countAnswer(String tenant, String namespace, boolean usedWrittenBack) {
    namespaces.countAnswer(tenant, namespace, usedWrittenBack);
  }

  /** Texts of the namespace's latest interaction events, newest first (whom a chat turn answers). */
  public java.util.List<String> recentInteractionTexts(String tenant, String namespace, int limit) {
    return jdbc.sql("select text from memory.events where tenant_id = ? and namespace = ? and kind = 'interaction'"
            + " order by seq desc limit ?")
        .params(tenant, namespace, limit).query(String.class).list();
  }

  @Override
  public Optional<Instant> latestEventTime(String tenant, String namespace) {
    return jdbc.sql("select max(event_time) from memory.events where tenant_id = ? and namespace = ?")
        .params(tenant, namespace).query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1))).single()
        .map(Timestamp::toInstant);
  }
}
