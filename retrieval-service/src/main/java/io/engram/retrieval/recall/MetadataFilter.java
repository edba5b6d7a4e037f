package io.engram.retrieval.recall;

import io.engram.support.web.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small filter language over chunk metadata (a JSON object per chunk), turned into SQL with bind
 * parameters only. A filter is one object with exactly one operator:
 * <pre>
 * {"eq": {"key": "lang", "value": "en"}}          {"in": {"key": "year", "values": [2020, 2021]}}
 * {"range": {"key": "year", "gte": 2000, "lt": 2010}}   {"exists": {"key": "author"}}
 * {"and": [f, ...]}   {"or": [f, ...]}   {"not": f}
 * </pre>
 * Values are strings, numbers or booleans; ranges compare numbers numerically and strings by code point.
 * A malformed filter is a 400 problem ({@code invalid-filter}) that says what is wrong.
 */
public final class MetadataFilter {

  static final int MAX_DEPTH = 8;
  static final int MAX_NODES = 200;
  private static final Set<String> RANGE_OPS = Set.of("gt", "gte", "lt", "lte");

  private int nodes;

  private MetadataFilter() {
  }

  /** SQL for {@code filter} against the chunk alias {@code alias}; {@link SqlFragment#TRUE} when null. */
  public static SqlFragment toSql(Object filter, String alias) {
    if (filter == null) {
      return SqlFragment.TRUE;
    }
    List<Object> params = new ArrayList<>();
    String sql = new MetadataFilter().node(filter, alias, params, 1);
    return new SqlFragment(sql, params);
  }

  private String node(Object filter, String alias, List<Object> params, int depth) {
    if (depth > MAX_DEPTH) {
      throw invalid("filters nest at most " + MAX_DEPTH + " levels deep");
    }
    if (++nodes > MAX_NODES) {
      throw invalid("a filter has at most " + MAX_NODES + " conditions");
    }
    if (!(filter instanceof Map<?, ?> map) || map.size() != 1) {
      throw invalid("each filter must be an object with exactly one operator of eq, in, range, exists, and, or, not");
    }
    Map.Entry<?, ?> entry = map.entrySet().iterator().next();
    String op = String.valueOf(entry.getKey());
    Object arg = entry.getValue();
    return switch (op) {
      case "and", "or" -> {
        if (!(arg instanceof List<?> list) || list.isEmpty()) {
          throw invalid("'" + op + "' takes a non-empty array of filters");
        }
        List<String> parts = new ArrayList<>();
        for (Object child : list) {
          parts.add(node(child, alias, params, depth + 1));
        }
        yield "(" + String.join(" " + op + " ", parts) + ")";
      }
      case "not" -> "(not " + node(arg, alias, params, depth + 1) + ")";
      case "eq" -> {
        Map<?, ?> body = body(op, arg);
        String key = key(op, body);
        yield eq(alias, key, scalar(op, body.get("value")), params);
      }
      case "in" -> {
        Map<?, ?> body = body(op, arg);
        String key = key(op, body);
        if (!(body.get("values") instanceof List<?> values) || values.isEmpty() || values.size() > 100) {
          throw invalid("'in' takes 'values': an array of 1 to 100 values");
        }
        List<String> parts = new ArrayList<>();
        for (Object value : values) {
          parts.add(eq(alias, key, scalar(op, value), params));
        }
        yield "(" + String.join(" or ", parts) + ")";
      }
      case "exists" -> {
        String key = key(op, body(op, arg));
        params.add(key);
        yield "jsonb_exists(" + alias + ".metadata, ?)";
      }
      case "range" -> range(alias, body(op, arg), params);
      default -> throw invalid("unknown operator '" + op + "'; known: eq, in, range, exists, and, or, not");
    };
  }

  private static String eq(String alias, String key, Object value, List<Object> params) {
    params.add(key);
    params.add(value instanceof String ? value : value.toString());
    String cast = value instanceof String ? "text" : value instanceof Boolean ? "boolean" : "numeric";
    return "(" + alias + ".metadata @> jsonb_build_object(?::text, to_jsonb(?::" + cast + ")))";
  }

  private String range(String alias, Map<?, ?> body, List<Object> params) {
    String key = key("range", body);
    List<String> parts = new ArrayList<>();
    Boolean numeric = null;
    for (Map.Entry<?, ?> e : body.entrySet()) {
      String op = String.valueOf(e.getKey());
      if (op.equals("key")) {
        continue;
      }
      if (!RANGE_OPS.contains(op)) {
        throw invalid("'range' takes key and any of gt, gte, lt, lte; not '" + op + "'");
      }
      Object bound = e.getValue();
      boolean isNumber = bound instanceof Number;
      if (!isNumber && !(bound instanceof String)) {
        throw invalid("range bounds are numbers or strings");
      }
      if (numeric != null && numeric != isNumber) {
        throw invalid("range bounds must all be numbers or all be strings");
      }
      numeric = isNumber;
      String sign = switch (op) {
        case "gt" -> ">";
        case "gte" -> ">=";
        case "lt" -> "<";
        default -> "<=";
      };
      params.add(key);
      params.add(key);
      if (isNumber) {
        params.add(new BigDecimal(bound.toString()));
        // CASE keeps the cast from running on non-numbers
        parts.add("(case when jsonb_typeof(" + alias + ".metadata -> ?) = 'number' then (" + alias
            + ".metadata ->> ?)::numeric end) " + sign + " ?");
      } else {
        params.add(bound);
        parts.add("(case when jsonb_typeof(" + alias + ".metadata -> ?) = 'string' then (" + alias
            + ".metadata ->> ?) end) collate \"C\" " + sign + " ?");
      }
    }
    if (parts.isEmpty()) {
      throw invalid("'range' needs at least one of gt, gte, lt, lte");
    }
    return "(" + String.join(" and ", parts) + ")";
  }

  private static Map<?, ?> body(String op, Object arg) {
    if (!(arg instanceof Map<?, ?> body)) {
      throw invalid("'" + op + "' takes an object");
    }
    return body;
  }

  private static String key(String op, Map<?, ?> body) {
    if (!(body.get("key") instanceof String key) || key.isBlank() || key.length() > 256) {
      throw invalid("'" + op + "' needs 'key': a metadata key of 1 to 256 characters");
    }
    return key;
  }

  private static Object scalar(String op, Object value) {
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    throw invalid("'" + op + "' compares with strings, numbers or booleans");
  }

  private static ProblemException invalid(String detail) {
    return ProblemException.badRequest("invalid-filter", "Invalid filter: " + detail + ".");
  }
}
