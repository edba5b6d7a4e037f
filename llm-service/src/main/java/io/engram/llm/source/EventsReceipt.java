package io.engram.llm.source;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the memory service accepted of an events batch. */
public record EventsReceipt(int accepted, int duplicates, @Nullable List<Rejected> rejected) {

  /** An event the memory service refused, with why. */
  public record Rejected(String id, String message) {
  }
}
