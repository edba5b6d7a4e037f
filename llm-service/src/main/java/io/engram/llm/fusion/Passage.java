package io.engram.llm.fusion;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One piece of context with its source: a retrieval chunk or a memory item. {@code id} is the citation
 * key ({@code chunk:<chunkId>} or {@code memory:<itemId>}); {@code sourceId} the chunk or item id itself.
 * {@code alsoFrom} lists the citation keys of near-duplicates folded into this passage, so their sources
 * stay citable.
 */
public record Passage(String id, Kind kind, String sourceId, @Nullable String documentId, @Nullable String origin,
    @Nullable String title, String text, double score, List<String> alsoFrom) {

  /** Where a passage came from. */
  public enum Kind {
    CHUNK, MEMORY;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Passage {
    if (text == null) {
      throw new IllegalArgumentException("text cannot be null");
    }
    alsoFrom = List.copyOf(alsoFrom);
  }

  public static Passage chunk(String chunkId, @Nullable String documentId, String collection, @Nullable String title,
      String text, double score) {
    return new Passage("chunk:" + chunkId, Kind.CHUNK, chunkId, documentId, collection, title, text, score, List.of());
  }

  public static Passage memory(String itemId, String namespace, String statement, double score) {
    return new Passage("memory:" + itemId, Kind.MEMORY, itemId, null, namespace, null, statement, score, List.of());
  }

  public Passage withText(String newText) {
    return new Passage(id, kind, sourceId, documentId, origin, title, newText, score, alsoFrom);
  }

  public Passage withAlso(List<String> more) {
    List<String> all = new java.util.ArrayList<>(alsoFrom);
    more.stream().filter(m -> !all.contains(m) && !m.equals(id)).forEach(all::add);
    return new Passage(id, kind, sourceId, documentId, origin, title, text, score, all);
  }
}
