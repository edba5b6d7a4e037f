package io.engram.retrieval.dify;

import io.engram.retrieval.dify.DifyRetrievalRequest.Condition;
import io.engram.retrieval.dify.DifyRetrievalRequest.MetadataCondition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns Dify's {@code metadata_condition} into the platform's metadata filter
 * ({@link io.engram.retrieval.recall.MetadataFilter}: eq, in, range, exists, and, or, not). Equality,
 * membership, numeric and date comparisons and emptiness map onto it; the substring operators
 * ({@code contains}, {@code not contains}, {@code start with}, {@code end with}) have no counterpart in
 * the filter language and are refused with the list of supported operators.
 */
final class DifyConditions {

  /** Dify's operators that this endpoint supports, as Dify spells them (plus ASCII twins of the symbols). */
  static final List<String> SUPPORTED = List.of("is", "is not", "=", "≠", "!=", ">", "<", "≥", ">=", "≤", "<=",
      "in", "not in", "before", "after", "empty", "not empty", "null", "not null");
  static final List<String> UNSUPPORTED = List.of("contains", "not contains", "start with", "end with");
  static final int MAX_CONDITIONS = 50;

  private DifyConditions() {
  }

  /** The filter for {@code condition}, or null when there is nothing to filter on. */
  static @Nullable Object toFilter(@Nullable MetadataCondition condition) {
    if (condition == null || condition.conditions() == null || condition.conditions().isEmpty()) {
      return null;
    }
    if (condition.conditions().size() > MAX_CONDITIONS) {
      throw new InvalidCondition("metadata_condition has " + condition.conditions().size() + " conditions; at most "
          + MAX_CONDITIONS + " are allowed.");
    }
    String logical = condition.logicalOperator() == null ? "and" : condition.logicalOperator().strip().toLowerCase(Locale.ROOT);
    if (!logical.equals("and") && !logical.equals("or")) {
      throw new InvalidCondition("logical_operator must be 'and' or 'or'; was '" + condition.logicalOperator() + "'.");
    }
    List<Object> parts = new ArrayList<>();
    for (int i = 0; i < condition.conditions().size(); i++) {
      parts.add(condition(condition.conditions().get(i), i));
    }
    return parts.size() == 1 ? parts.getFirst() : Map.of(logical, parts);
  }

  private static Object condition(@Nullable Condition c, int index) {
    String where = "metadata_condition.conditions[" + index + "]";
    if (c == null || c.comparisonOperator() == null) {
      throw new InvalidCondition(where + " needs a comparison_operator.");
    }
    String op = c.comparisonOperator().strip().toLowerCase(Locale.ROOT);
    if (UNSUPPORTED.contains(op)) {
      throw new InvalidCondition(where + ": comparison_operator '" + c.comparisonOperator()
          + "' is not supported (no substring matching on metadata); supported: " + SUPPORTED + ".");
    }
    if (!SUPPORTED.contains(op)) {
      throw new InvalidCondition(where + ": unknown comparison_operator '" + c.comparisonOperator() + "'; supported: "
          + SUPPORTED + ".");
    }
    List<String> keys = keys(c.name(), where);
    List<Object> perKey = new ArrayList<>();
    for (String key : keys) {
      perKey.add(forKey(key, op, c.value(), where));
    }
    return perKey.size() == 1 ? perKey.getFirst() : Map.of("or", perKey);
  }

  private static Object forKey(String key, String op, @Nullable Object value, String where) {
    return switch (op) {
      case "is" -> eq(key, scalar(value, where));
      case "is not" -> not(eq(key, scalar(value, where)));
      case "=" -> eq(key, number(value, where));
      case "≠", "!=" -> not(eq(key, number(value, where)));
      case ">" -> range(key, "gt", number(value, where));
      case "<" -> range(key, "lt", number(value, where));
      case "≥", ">=" -> range(key, "gte", number(value, where));
      case "≤", "<=" -> range(key, "lte", number(value, where));
      // dates as ISO-8601 strings order by code point; epoch numbers order numerically
      case "before" -> range(key, "lt", dateBound(value, where));
      case "after" -> range(key, "gt", dateBound(value, where));
      case "in" -> Map.of("in", Map.of("key", key, "values", list(value, where)));
      case "not in" -> not(Map.of("in", Map.of("key", key, "values", list(value, where))));
      case "empty" -> Map.of("or", List.of(not(exists(key)), eq(key, "")));
      case "not empty" -> Map.of("and", List.of(exists(key), not(eq(key, ""))));
      case "null" -> not(exists(key));
      case "not null" -> exists(key);
      default -> throw new IllegalStateException("operator " + op + " listed as supported but not mapped");
    };
  }

  private static List<String> keys(@Nullable Object name, String where) {
    if (name instanceof String s && !s.isBlank()) {
      return List.of(s);
    }
    if (name instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(n -> n instanceof String s && !s.isBlank())) {
      return list.stream().map(String.class::cast).toList();
    }
    throw new InvalidCondition(where + " needs 'name': a metadata field name.");
  }

  private static Object scalar(@Nullable Object value, String where) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    throw new InvalidCondition(where + " needs 'value': a string or a number.");
  }

  private static Number number(@Nullable Object value, String where) {
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new InvalidCondition(where + " compares numbers; 'value' must be a number, was " + value + ".");
  }

  private static Object dateBound(@Nullable Object value, String where) {
    if (value instanceof Number || (value instanceof String s && !s.isBlank())) {
      return value;
    }
    throw new InvalidCondition(where + " compares dates; 'value' must be an ISO-8601 date or an epoch number.");
  }

  private static List<Object> list(@Nullable Object value, String where) {
    if (value instanceof List<?> list && !list.isEmpty()) {
      return List.copyOf(list);
    }
    if (value instanceof String || value instanceof Number) {
      return List.of(value);
    }
    throw new InvalidCondition(where + " needs 'value': an array of values.");
  }

  private static Map<String, Object> eq(String key, Object value) {
    return Map.of("eq", Map.of("key", key, "value", value));
  }

  private static Map<String, Object> range(String key, String op, Object bound) {
    return Map.of("range", Map.of("key", key, op, bound));
  }

  private static Map<String, Object> exists(String key) {
    return Map.of("exists", Map.of("key", key));
  }

  private static Map<String, Object> not(Object filter) {
    return Map.of("not", filter);
  }

  /** A condition this endpoint cannot turn into a filter; the caller's mistake. */
  static final class InvalidCondition extends RuntimeException {
    InvalidCondition(String message) {
      super(message, null, false, false);
    }
  }
}
