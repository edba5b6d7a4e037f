package io.engram.memory.event;

import io.engram.memory.item.ItemRepository;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for namespaces and events. The namespace row is the per-namespace write lock. */
@Repository
public class EventRepository {

  private final JdbcClient jdbc;

  public EventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the namespace if needed and locks its row until the transaction ends; returns its event count. */
  public long lockNamespace(String tenant, String namespace) {
    jdbc.sql("insert into memory.namespaces (tenant_id, name) values (?, ?) on conflict do nothing")
        .params(tenant, namespace).update();
    return jdbc.sql("select event_count from memory.namespaces where tenant_id = ? and name = ? for update")
        .params(tenant, namespace).query(Long.class).single();
  }

  public boolean namespaceExists(String tenant, String namespace) {
    return jdbc.sql("select count(*) from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).single() > 0;
  }

  public boolean exists(String tenant, String namespace, String clientId) {
    return jdbc.sql("select count(*) from memory.events where tenant_id = ? and namespace = ? and client_id = ?")
        .params(tenant, namespace, clientId).query(Long.class).single() > 0;
  }

  /** Stores the event with the next sequence number; returns its row id. */
  public long insert(String tenant, String namespace, long seq, IncomingEvent e, String text, int tokens, Long simhash) {
    long id = jdbc.sql("""
            insert into memory.events (tenant_id, namespace, client_id, seq, kind, text, payload, event_time, sources, tokens, simhash)
            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::text[], ?, ?) returning id""")
        .params(tenant, namespace, e.clientId(), seq, e.kind(), text, e.payloadJson(), Timestamp.from(e.eventTime()),
            ItemRepository.pgArray(e.sources()), tokens, simhash)
        .query(Long.class).single();
    jdbc.sql("update memory.namespaces set event_count = ?, ingested_tokens = ingested_tokens + ? where tenant_id = ? and name = ?")
        .params(seq, tokens, tenant, namespace).update();
    return id;
  }

  /** SimHashes of the namespace's most recent events, newest first, for near-duplicate suppression. */
  public java.util.List<Long> recentSimhashes(String tenant, String namespace, int limit) {
    return jdbc.sql("select simhash from memory.events where tenant_id = ? and namespace = ? and simhash is not null"
            + " order by seq desc limit ?")
        .params(tenant, namespace, limit).query(Long.class).list();
  }

  public Optional<Long> eventCount(String tenant, String namespace) {
    return jdbc.sql("select event_count from memory.namespaces where tenant_id = ? and name = ?")
        .params(tenant, namespace).query(Long.class).optional();
  }
}
