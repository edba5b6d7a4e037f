package io.engram.llm.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open server-sent-event stream, written by one worker and one heartbeat. A failed write (or the
 * emitter's completion, timeout or error) marks the client gone: {@link #gone()} turns true and every later
 * write throws {@link ClientGone}, so the work that writes stops at its next event. SseEmitter serialises
 * sends itself, so the worker and the heartbeat may write concurrently.
 */
public final class EventStream {

  private final SseEmitter emitter;
  private final AtomicBoolean gone = new AtomicBoolean();

  EventStream(SseEmitter emitter) {
    this.emitter = emitter;
    emitter.onCompletion(() -> gone.set(true));
    emitter.onTimeout(() -> gone.set(true));
    emitter.onError(e -> gone.set(true));
  }

  /** True once the client is gone (or the stream is complete): the work should stop. */
  public boolean gone() {
    return gone.get();
  }

  /** A named event with a JSON body ({@code event:<name>}, {@code data:<json>}). */
  public void send(String name, Object json) {
    send(SseEmitter.event().name(name).data(json, MediaType.APPLICATION_JSON));
  }

  /** An unnamed event with a JSON body ({@code data:<json>}). */
  public void send(Object json) {
    send(SseEmitter.event().data(json, MediaType.APPLICATION_JSON));
  }

  /** Writes the event, or throws {@link ClientGone} when nobody is listening any more. */
  public void send(SseEmitter.SseEventBuilder event) {
    if (gone.get()) {
      throw new ClientGone(null);
    }
    try {
      emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      gone.set(true);
      throw new ClientGone(e);
    }
  }

  /** Writes the event if the client is still there; a last word (an error) that may have nobody to tell. */
  public void trySend(SseEmitter.SseEventBuilder event) {
    try {
      send(event);
    } catch (ClientGone ignored) {
      // nobody to tell
    }
  }

  /** Sends an SSE comment every {@code every} until interrupted or the client is found gone. */
  void beat(Duration every) {
    try {
      while (!gone.get()) {
        Thread.sleep(every);
        send(SseEmitter.event().comment(""));
      }
    } catch (InterruptedException | ClientGone e) {
      // the work is done, or nobody is listening any more
    }
  }

  void complete() {
    emitter.complete();
  }

  /** The client is gone: writing to it failed. */
  public static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("client went away", cause, false, false);
    }
  }
}
