package io.engram.memory.decide;

import io.engram.memory.item.MemoryItem;

/**
 * What the write path does with one statement.
 *
 * <ul>
 *   <li>{@link Add}: new knowledge; {@code closedBy} set when it arrived late and a newer value already holds.</li>
 *   <li>{@link Merge}: the same knowledge as {@code target} in other words: add provenance, raise support.</li>
 *   <li>{@link Supersede}: same subject and relation, different filler: close {@code older} at the new event time
 *       and add the new item, which ends where {@code older} ended (usually: open).</li>
 *   <li>{@link Noop}: the store already holds it as said ({@code target}): provenance and support only, no new item.</li>
 *   <li>{@link Close}: the statement ends {@code target} (a model's DELETE): its validity closes at the event time;
 *       nothing is erased.</li>
 * </ul>
 */
public sealed interface Decision {

  String reason();

  record Add(MemoryItem closedBy, String reason) implements Decision {
  }

  record Merge(MemoryItem target, String reason) implements Decision {
  }

  /** {@code alsoEnds}: other open items the new statement ends as well (more reports of the replaced role holder). */
  record Supersede(MemoryItem older, String reason, java.util.List<MemoryItem> alsoEnds) implements Decision {

    public Supersede {
      alsoEnds = java.util.List.copyOf(alsoEnds);
    }

    public Supersede(MemoryItem older, String reason) {
      this(older, reason, java.util.List.of());
    }
  }

  record Noop(MemoryItem target, String reason) implements Decision {
  }

  record Close(MemoryItem target, String reason) implements Decision {
  }
}
