package io.engram.memory.event;

import java.time.Instant;
import java.util.List;

/**
 * A validated event, ready for the write path: a client id (idempotency key within the namespace), kind,
 * the text to read, for interactions the question and answer, the event time and source references.
 */
public record IncomingEvent(String clientId, String kind, String text, String question, String answer,
    Instant eventTime, List<String> sources, String payloadJson) {

  public IncomingEvent {
    sources = List.copyOf(sources);
  }
}
