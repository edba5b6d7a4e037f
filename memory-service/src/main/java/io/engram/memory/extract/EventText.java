package io.engram.memory.extract;

import java.time.Instant;

/**
 * What an extractor reads of one event: its kind, its main text and, for interactions, the question and
 * answer separately (facts come from the answer; the exchange itself becomes an episode); the event time (relative
 * dates are resolved against it) and, for chat turns, the other participant last heard in the namespace (whom "you"
 * means), or null.
 */
public record EventText(String kind, String text, String question, String answer, Instant time, String otherSpeaker) {

  public EventText(String kind, String text, String question, String answer) {
    this(kind, text, question, answer, null, null);
  }
}
