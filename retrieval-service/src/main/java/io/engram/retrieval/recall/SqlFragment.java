package io.engram.retrieval.recall;

import java.util.List;

/** A piece of SQL with its bind parameters in order; values never appear in the SQL text. */
public record SqlFragment(String sql, List<Object> params) {

  public static final SqlFragment TRUE = new SqlFragment("true", List.of());

  public SqlFragment {
    params = List.copyOf(params);
  }
}
