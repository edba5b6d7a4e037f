package io.engram.memory.event;

import java.time.Instant;
import java.util.List;

/**
 * A validated event, ready for the write path: a client id (idempotency key within the namespace), kind,
 * the text to read, for interactions the question and answer, the event time and source references, and for an
 * answer's write-back the statements that answered it ({@code knowledge}: text and the source it was read from).
 */
public record IncomingEvent(String clientId, String kind, String text, String question, String answer,
    Instant eventTime, List<String> sources, String payloadJson, List<EventValidator.ContextPassage> knowledge) {

  public IncomingEvent {
    sources = List.copyOf(sources);
    knowledge = List.copyOf(knowledge);
  }

  public IncomingEvent(String clientId, String kind, String text, String question, String answer, Instant eventTime,
      List<String> sources, String payloadJson) {
    this(clientId, kind, text, question, answer, eventTime, sources, payloadJson, List.of());
  }

  /**
   * Whether this is an answer's write-back of knowledge: an interaction whose context names the passages that
   * answered it, each with its source. Such an event is stored as those statements, each linked to its own source,
   * not as a transcript of the question and answer.
   */
  public boolean carriesKnowledge() {
    return "interaction".equals(kind) && !knowledge.isEmpty();
  }
}
