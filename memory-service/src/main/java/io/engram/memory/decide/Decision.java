package io.engram.memory.decide;

import io.engram.memory.item.MemoryItem;
/**
 * What the write path does with one statement.
 *
 * <ul>
 *   <li>{@link Add}: new knowledge; {@code closedBy} set when it arrived late and a newer value already holds.</li>
 *   <li>{@link Merge}: the same knowledge as {@code target}: add provenance, raise support.</li>
 *   <li>{@link Supersede}: same subject and attribute, different value: close {@code older} at the new event
 *       time and add the new item, which ends where {@code older} ended (usually: open).</li>
 *   <li>{@link Noop}: nothing to keep.</li>
 * </ul>
 */
public sealed interface Decision {

  String reason();

  record Add(MemoryItem closedBy, String reason) implements Decision {
  }

  record Merge(MemoryItem target, String reason) implements Decision {
  }

  record Supersede(MemoryItem older, String reason) implements Decision {
  }

  record Noop(String reason) implements Decision {
  }
}
