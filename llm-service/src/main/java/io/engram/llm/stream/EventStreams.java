package io.engram.llm.stream;

import io.engram.support.client.CallForwardingInterceptor.CallContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Starts server-sent-event streams for the streaming endpoints ({@code /v1/answers},
 * {@code /v1/chat/completions}): the work runs on a virtual thread in the request's call context (identity,
 * request id, trace) and the tenant's logging context; beside it a heartbeat comment every
 * {@code engram.llm.stream-heartbeat} (default 250 ms) finds a closed connection even while no event is due,
 * which stops the work at its next event or cancellation check. The stream is completed when the work ends,
 * however it ends; a failure while the client is gone is only logged as the client leaving, any other goes to
 * the endpoint's {@link Failure} to be told in its own wire format.
 */
@Component
public class EventStreams {

  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

  private final Duration heartbeat;

  EventStreams(@Value("${engram.llm.stream-heartbeat:250ms}") Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** The work of one stream: writes its events to {@code out}, checking {@link EventStream#gone()} as it goes. */
  @FunctionalInterface
  public interface Work {
    void run(EventStream out);
  }

  /** Tells the client of a failure of the work, in the endpoint's format (the client is still there). */
  @FunctionalInterface
  public interface Failure {
    void report(EventStream out, RuntimeException e);
  }

  /**
   * Opens a stream and starts {@code work} on it; {@code name} names the threads and the log lines
   * ({@code <name> stream stopped: client went away}).
   */
  public SseEmitter start(String name, long timeoutMillis, String tenant, Work work, Failure failure) {
    SseEmitter emitter = new SseEmitter(timeoutMillis);
    EventStream out = new EventStream(emitter);
    CallContext context = CallContext.current();
    Thread.ofVirtual().name(name + "-stream").start(() -> context.run(() -> {
      MDC.put("tenant", tenant);
      Thread beat = Thread.ofVirtual().name(name + "-stream-heartbeat").start(() -> out.beat(heartbeat));
      try {
        work.run(out);
      } catch (RuntimeException e) {
        if (out.gone()) {
          log.info("{} stream stopped: client went away", name);
        } else {
          failure.report(out, e);
        }
      } finally {
        out.complete();
        beat.interrupt();
        MDC.remove("tenant");
      }
    }));
    return emitter;
  }
}
