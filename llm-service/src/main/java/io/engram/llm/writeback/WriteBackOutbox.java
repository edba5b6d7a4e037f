package io.engram.llm.writeback;

import io.engram.llm.source.MemoryEvent;
import io.engram.llm.source.MemorySource;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.DatabaseFailures;
import io.engram.support.web.ProblemHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each answered interaction to the memory service without making the answer wait for memory: {@link #enqueue}
 * stores the event in {@code llm.writeback_outbox} on the caller's thread (one insert, idempotent on the event id,
 * which is derived from the request), so that the answer says "queued" only for an event that is stored, and hands
 * the delivery to a virtual thread that tries it at once; failed deliveries are retried by {@link #relay} with
 * exponential backoff. Deliveries act as the tenant with the write scope,
 * signed here, because a retry may happen long after the caller's identity expired. The memory service
 * stores an event id once, so a delivery repeated after a crash changes nothing there.
 *
 * <p>The row keeps the W3C {@code traceparent} of the answer that queued it; each delivery is a span
 * ({@value #DELIVERY_SPAN}) in that answer's trace, and the call to memory carries it on, so the write-back
 * shows up in the answer's trace even when the relay delivers it minutes later or after a restart.
 */
public class WriteBackOutbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteBackOutbox.class);
  static final String DELIVERY_SPAN = "writeback delivery";
  private static final String TRACEPARENT = "traceparent";

  private final TenantTransactions tenants;
  private final JdbcClient jdbc;
  private final MemorySource memory;
  private final IdentityCodec identities;
  private final WriteBackProperties properties;
  private final JsonMapper json;
  private final Tracer tracer;
  private final Propagator propagator;
  private final @Nullable SourceCheck sources;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Counter delivered;
  private final Counter transientFailures;
  private final Counter permanentFailures;
  private final Counter lostBeforeStored;
  /**
   * When storing an event last failed because the database was unavailable (System.nanoTime): for
   * {@link #STORE_RETRY_SECONDS} s after that, answers do not wait for a connection the pool will not get (its timeout
   * would be added to every answer of the outage) and say at once that their write-back was not stored.
   */
  private volatile long storeUnavailableAt = System.nanoTime() - 2 * STORE_RETRY_SECONDS * 1_000_000_000L;
  /** The services' Retry-After: how long an unavailable database is not asked again for an answer's write-back. */
  static final long STORE_RETRY_SECONDS = Long.parseLong(ProblemHandler.RETRY_AFTER_SECONDS);
  private volatile long[] depth = {-1, -1};
  private volatile long depthReadAt;

  public WriteBackOutbox(TenantTransactions tenants, JdbcClient jdbc, MemorySource memory, IdentityCodec identities, WriteBackProperties properties,
      JsonMapper json, MeterRegistry meters) {
    this(tenants, jdbc, memory, identities, properties, json, meters, Tracer.NOOP, Propagator.NOOP);
  }

  public WriteBackOutbox(TenantTransactions tenants, JdbcClient jdbc, MemorySource memory, IdentityCodec identities, WriteBackProperties properties,
      JsonMapper json, MeterRegistry meters, Tracer tracer, Propagator propagator) {
    this(tenants, jdbc, memory, identities, properties, json, meters, tracer, propagator, null);
  }

  /** With {@code sources} checking each statement's chunk just before delivery (null: no check). */
  public WriteBackOutbox(TenantTransactions tenants, JdbcClient jdbc, MemorySource memory, IdentityCodec identities,
      WriteBackProperties properties, JsonMapper json, MeterRegistry meters, Tracer tracer, Propagator propagator,
      @Nullable SourceCheck sources) {
    this.sources = sources;
    this.tracer = tracer;
    this.propagator = propagator;
    this.tenants = tenants;
    this.delivered = Counter.builder("engram.writeback.delivered").description("Write-backs delivered to memory")
        .register(meters);
    this.transientFailures = failures(meters, "transient");
    this.permanentFailures = failures(meters, "permanent");
    this.lostBeforeStored = failures(meters, "not-stored");
    Gauge.builder("engram.writeback.outbox.depth", () -> outboxDepth(false)).tag("state", "pending")
        .description("Write-backs waiting for delivery").register(meters);
    Gauge.builder("engram.writeback.outbox.depth", () -> outboxDepth(true)).tag("state", "dead")
        .description("Write-backs that used up their attempts: an operator looks at last_error").register(meters);
    this.jdbc = jdbc;
    this.memory = memory;
    this.identities = identities;
    this.properties = properties;
    this.json = json;
  }

  /** An event id that is the same whenever the same request (same request id, tenant, question) is replayed. */
  public static String eventId(String tenantId, String requestId, String namespace, String question) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (tenantId + '\u0000' + requestId + '\u0000' + namespace + '\u0000' + question).getBytes(StandardCharsets.UTF_8));
      return "llm-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean enabled() {
    return properties.enabled();
  }

  /**
   * Whether an event was stored in the outbox: {@code reason} (null when it was) says why not, in a line fit for the
   * answer (no stack trace, no connection details).
   */
  public record Stored(@Nullable String reason) {

    public boolean stored() {
      return reason == null;
    }
  }

  /**
   * Stores the event (committed when this returns {@code stored}), then delivers it in the background. An event that
   * cannot be stored (the database is down) is counted in {@code engram.writeback.failures{kind="not-stored"}} and
   * said so in the result; this never throws.
   */
  public Stored enqueue(String tenantId, String namespace, MemoryEvent event) {
    if (System.nanoTime() - storeUnavailableAt < STORE_RETRY_SECONDS * 1_000_000_000L) {
      lostBeforeStored.increment();
      log.warn("write-back of event {} not stored: the outbox's database was unavailable less than {} s ago", event.id(),
          STORE_RETRY_SECONDS);
      return new Stored("the write-back outbox is unavailable (its database failed less than " + STORE_RETRY_SECONDS
          + " s ago)");
    }
    try {
      store(tenantId, namespace, event, traceparent(tracer.currentSpan()));
    } catch (RuntimeException e) {
      if (DatabaseFailures.unavailable(e)) {
        storeUnavailableAt = System.nanoTime();
      }
      lostBeforeStored.increment();
      log.warn("write-back of event {} not stored: {}", event.id(), e.toString());
      return new Stored("the write-back outbox could not be written (" + e.getClass().getSimpleName() + ")");
    }
    executor.submit(() -> {
      try {
        deliverDue(tenantId);
      } catch (RuntimeException e) {
        // stored: the relay delivers it later
        log.info("write-back of event {} not delivered yet: {}", event.id(), e.toString());
      }
    });
    return new Stored(null);
  }

  /** The W3C {@code traceparent} of {@code span}, or null without a span (or a tracer). */
  @org.jspecify.annotations.Nullable String traceparent(@org.jspecify.annotations.Nullable Span span) {
    if (span == null) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(span.context(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  void store(String tenantId, String namespace, MemoryEvent event, @org.jspecify.annotations.Nullable String traceparent) {
    String payload = json.writeValueAsString(event);
    tenants.inTenant(tenantId, () -> {
      jdbc.sql("""
          insert into llm.writeback_outbox (tenant_id, event_id, namespace, event, traceparent) values (?, ?, ?, ?::jsonb, ?)
          on conflict (tenant_id, event_id) do nothing""")
          .params(tenantId, event.id(), namespace, payload, traceparent).update();
      return null;
    });
  }

  private record Due(String eventId, String namespace, String event, int attempts, String traceparent) {
  }

  /** Delivers the tenant's due rows; returns how many were delivered. */
  int deliverDue(String tenantId) {
    // claim due rows with a lease, so that a concurrent relay pass does not send them too
    List<Due> claimed = tenants.inTenant(tenantId, () -> jdbc.sql("""
            update llm.writeback_outbox set next_attempt_at = now() + interval '60 seconds'
            where tenant_id = ? and event_id in (
              select event_id from llm.writeback_outbox
              where tenant_id = ? and delivered_at is null and next_attempt_at <= now() and attempts < ?
              order by created_at limit 50 for update skip locked)
            returning event_id, namespace, event::text, attempts, traceparent""")
        .params(tenantId, tenantId, properties.maxAttempts())
        .query((rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5))).list());
    int delivered = 0;
    String token = identities.sign(tenantId, Set.of(InternalIdentity.SCOPE_READ, InternalIdentity.SCOPE_WRITE),
        Duration.ofMinutes(5));
    for (Due d : claimed) {
      Span span = deliverySpan(d);
      try (Tracer.SpanInScope scope = span == null ? null : tracer.withSpan(span)) {
        MemoryEvent event = json.readValue(d.event(), MemoryEvent.class);
        int statements = event.context() == null ? 0 : event.context().size();
        if (sources != null) {
          event = sources.check(event, token);
        }
        if (statements > 0 && event.context().isEmpty()) {
          // every source is gone: nothing left to learn, and the transcript alone is not knowledge
          log.info("write-back {} dropped: none of its {} statements has a readable source any more", d.eventId(), statements);
        } else {
          memory.record(d.namespace(), List.of(event), token);
        }
        tenants.inTenant(tenantId, () -> jdbc.sql("""
                update llm.writeback_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null
                where tenant_id = ? and event_id = ?""").params(tenantId, d.eventId()).update());
        delivered++;
        this.delivered.increment();
      } catch (RuntimeException e) {
        // a 4xx will not get better by retrying: record it and stop (the row stays for an operator)
        boolean permanent = e instanceof io.engram.llm.source.SourceException s && s.isClientError();
        Duration wait = backoff(d.attempts() + 1);
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        tenants.inTenant(tenantId, () -> jdbc.sql("""
                update llm.writeback_outbox set attempts = case when ? then ? else attempts + 1 end, last_error = ?,
                  next_attempt_at = now() + make_interval(secs => ?)
                where tenant_id = ? and event_id = ?""")
            .params(permanent, properties.maxAttempts(), error.length() > 500 ? error.substring(0, 500) : error,
                wait.toMillis() / 1000.0, tenantId, d.eventId())
            .update());
        (permanent ? permanentFailures : transientFailures).increment();
        log.info("write-back of event {} failed (attempt {}), retrying in {}", d.eventId(), d.attempts() + 1, wait);
        if (span != null) {
          span.error(e);
        }
      } finally {
        if (span != null) {
          span.end();
        }
      }
    }
    return delivered;
  }

  /** A span of the delivery in the trace of the answer that queued the row, or null when that was not traced. */
  private @org.jspecify.annotations.Nullable Span deliverySpan(Due due) {
    if (due.traceparent() == null) {
      return null;
    }
    return propagator.extract(Map.of(TRACEPARENT, due.traceparent()), Map::get)
        .name(DELIVERY_SPAN).tag("engram.event.id", due.eventId()).tag("engram.attempt", Integer.toString(due.attempts() + 1))
        .start();
  }

  private static Counter failures(MeterRegistry meters, String kind) {
    return Counter.builder("engram.writeback.failures").description("Write-back attempts that failed, by kind")
        .tag("kind", kind).register(meters);
  }

  /**
   * Undelivered rows across tenants, pending (attempts left) or dead; read at most once a second, NaN when
   * the database cannot be read.
   */
  private double outboxDepth(boolean dead) {
    long now = System.nanoTime();
    if (now - depthReadAt > 1_000_000_000L) {
      depthReadAt = now;
      try {
        depth = tenants.asSystem(() -> jdbc.sql("""
                select count(*) filter (where attempts < ?), count(*) filter (where attempts >= ?)
                from llm.writeback_outbox where delivered_at is null""")
            .params(properties.maxAttempts(), properties.maxAttempts())
            .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single());
      } catch (RuntimeException e) {
        depth = new long[] {-1, -1};
      }
    }
    long value = depth[dead ? 1 : 0];
    return value < 0 ? Double.NaN : value;
  }

  Duration backoff(int attempt) {
    long ms = properties.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
    return Duration.ofMillis(Math.min(ms, properties.maxBackoff().toMillis()));
  }

  /** The relay: retries due rows of every tenant that has any. */
  @Scheduled(fixedDelayString = "${engram.llm.write-back.poll-interval:5s}", initialDelayString = "${engram.llm.write-back.poll-interval:5s}")
  public void relay() {
    List<String> due;
    try {
      due = tenants.asSystem(() -> jdbc.sql("""
              select distinct tenant_id from llm.writeback_outbox
              where delivered_at is null and next_attempt_at <= now() and attempts < ? limit 100""")
          .param(properties.maxAttempts()).query(String.class).list());
    } catch (org.springframework.dao.DataAccessResourceFailureException
        | org.springframework.transaction.CannotCreateTransactionException e) {
      // the database is down for now: the next pass looks again (a line, not a stack trace, every poll interval)
      log.warn("write-back relay: database unavailable: {}", e.getClass().getSimpleName());
      return;
    }
    for (String tenant : due) {
      try {
        deliverDue(tenant);
      } catch (RuntimeException e) {
        log.warn("write-back relay for a tenant failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
