package io.engram.retrieval.collection;

import io.engram.support.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list ordered by name: {@code limit} items (all when absent) after the name the opaque
 * {@code cursor} encodes. One more row than the page is fetched to know whether a next page exists.
 */
record NamePage(@Nullable Integer limit, @Nullable String after) {

  static final int MAX_LIMIT = 1000;

  static NamePage of(@Nullable Integer limit, @Nullable String cursor) {
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw ProblemException.badRequest("invalid-limit", "limit " + limit + " must be in [1, " + MAX_LIMIT + "].");
    }
    String after = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest("invalid-cursor", "cursor is not one this API gave out.");
      }
    }
    return new NamePage(limit, after);
  }

  static String cursor(String lastName) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  @Nullable Integer fetch() {
    return limit == null ? null : limit + 1;
  }

  boolean hasMore(int fetched) {
    return limit != null && fetched > limit;
  }
}
