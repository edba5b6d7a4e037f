package io.engram.memory.extract;

import java.util.List;
import java.util.Objects;

/**
 * One candidate statement found in an event: its text and, when the extractor recognised one, the slot it
 * fills (subject and attribute keys) with its value. A statement without a slot is a plain fact keyed by its
 * content terms; it can be merged with a near-duplicate but never supersedes anything.
 *
 * @param text         the statement as it will be stored (a cleaned sentence)
 * @param kind         {@code fact} or {@code episode}
 * @param subject      the subject as written (e.g. {@code Alice Moreno}), or null
 * @param subjectKey   normalized subject key, or null
 * @param attribute    the attribute as written, or null
 * @param attributeKey normalized (canonical) attribute key, or null
 * @param value        the value as written, or null
 * @param valueKey     normalized value key (numbers, dates or content terms), or null
 * @param numbers      numbers found in the statement
 * @param dates        ISO dates found in the statement
 */
public record Statement(String text, String kind, String subject, String subjectKey, String attribute,
    String attributeKey, String value, String valueKey, List<Double> numbers, List<String> dates) {

  public Statement {
    Objects.requireNonNull(text, "text cannot be null");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text cannot be blank");
    }
    if (!"fact".equals(kind) && !"episode".equals(kind)) {
      throw new IllegalArgumentException("illegal kind: " + kind + ", must be fact or episode");
    }
    if ((subjectKey == null) != (attributeKey == null) || (attributeKey == null) != (valueKey == null)) {
      throw new IllegalArgumentException("subjectKey, attributeKey and valueKey are all set or all null");
    }
    numbers = List.copyOf(numbers);
    dates = List.copyOf(dates);
  }

  /** Whether this statement fills a slot (subject + attribute) and so can conflict with another value. */
  public boolean hasSlot() {
    return subjectKey != null;
  }

  /** A plain fact without a slot. */
  public static Statement plain(String text, String kind, List<Double> numbers, List<String> dates) {
    return new Statement(text, kind, null, null, null, null, null, null, numbers, dates);
  }
}
