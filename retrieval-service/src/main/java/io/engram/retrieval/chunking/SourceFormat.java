package io.engram.retrieval.chunking;

import java.util.Locale;
import java.util.Optional;

/** How a document's body is written, which decides how its structure (headings) is read. */
public enum SourceFormat {
  TEXT, MARKDOWN, HTML;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SourceFormat of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }

  /** The format for a file name's extension; PDF is read to text before it gets here. */
  public static Optional<SourceFormat> forFileName(String fileName) {
    String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
      return Optional.of(MARKDOWN);
    }
    if (lower.endsWith(".html") || lower.endsWith(".htm")) {
      return Optional.of(HTML);
    }
    if (lower.endsWith(".txt") || lower.endsWith(".text")) {
      return Optional.of(TEXT);
    }
    return Optional.empty();
  }
}
