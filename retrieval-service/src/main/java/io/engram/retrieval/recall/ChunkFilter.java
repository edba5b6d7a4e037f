package io.engram.retrieval.recall;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A metadata filter as a search states it: one JSON object with exactly one operator of the language of
 * {@link MetadataFilter} ({@code eq, in, range, exists, and, or, not}). It carries the JSON as given (the wire form
 * stays exactly what callers send) and is checked when it is turned into SQL, where a malformed filter is a 400
 * problem ({@code invalid-filter}) that says what is wrong. The OpenAPI document describes it at
 * {@code SearchRequest.filter}.
 */
public final class ChunkFilter {

  private final Object json;

  private ChunkFilter(Object json) {
    this.json = json;
  }

  /** The filter of a JSON value (maps, lists, strings, numbers, booleans as Jackson reads them). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ChunkFilter of(Object json) {
    return new ChunkFilter(Objects.requireNonNull(json, "json"));
  }

  /** The filter as JSON, as it was given. */
  @JsonValue
  public Object json() {
    return json;
  }

  /** SQL for this filter against the chunk alias {@code alias}; a malformed filter is a 400 problem. */
  public SqlFragment toSql(String alias) {
    return MetadataFilter.toSql(json, alias);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkFilter other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "ChunkFilter" + json;
  }
}
