package io.engram.retrieval.ingest;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is indexed (analyzed for BM25 and embedded) for a chunk: the document's title, the chunk's heading path and
 * its text, one per line, so that a chunk cut out of a long document still carries what it is about. Ingestion builds
 * it from the parsed document; a restore rebuilds it from the stored title and the chunk's {@code headings}.
 */
public final class IndexedText {

  private IndexedText() {
  }

  /** The indexed text of a chunk; a blank title and an empty heading path add nothing. */
  public static String of(@Nullable String title, List<String> headings, String text) {
    StringBuilder indexed = new StringBuilder();
    if (title != null && !title.isBlank()) {
      indexed.append(title.strip()).append('\n');
    }
    if (!headings.isEmpty()) {
      indexed.append(String.join(" > ", headings)).append('\n');
    }
    return indexed.append(text).toString();
  }
}
