package io.engram.llm.learn;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pointer into the corpus as memory keeps it in an item's provenance: {@code chunk:<collection>/<chunk id>}.
 * Collection names cannot hold a slash, so the form is unambiguous.
 */
public record SourceRef(String collection, long chunkId) {

  private static final Pattern FORM = Pattern.compile("chunk:([A-Za-z0-9][A-Za-z0-9._:-]{0,127})/([1-9][0-9]{0,18})");

  public static Optional<SourceRef> parse(String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(ref);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SourceRef(m.group(1), Long.parseLong(m.group(2))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  public static String of(String collection, String chunkId) {
    return "chunk:" + collection + "/" + chunkId;
  }

  @Override
  public String toString() {
    return "chunk:" + collection + "/" + chunkId;
  }
}
