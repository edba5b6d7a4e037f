package io.engram.llm.answer;

import io.engram.llm.gather.Gathered;
import io.engram.llm.generate.Citation;
import java.util.List;

/** Hears an answer being made, stage by stage: what streaming turns into server-sent events. */
public interface AnswerListener {

  AnswerListener NONE = new AnswerListener() {
  };

  default void gathered(int round, Gathered gathered) {
  }

  default void token(String text) {
  }

  /** Whether tokens are wanted as they come (a model is then called in streaming mode). */
  default boolean streaming() {
    return false;
  }

  default void citations(List<Citation> citations) {
  }

  /** Polled during work; true when the client went away. */
  default boolean cancelled() {
    return false;
  }
}
