package io.engram.retrieval.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.support.web.ProblemException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataFilterTests {

  @Test
  void whenNoFilterThenTrue() {
    assertThat(MetadataFilter.toSql(null, "c")).isSameAs(SqlFragment.TRUE);
  }

  @Test
  void valuesAndKeysAreBoundNeverInlined() {
    Object filter = Map.of("and", List.of(
        Map.of("eq", Map.of("key", "lang'; drop table x; --", "value", "en")),
        Map.of("not", Map.of("in", Map.of("key", "year", "values", List.of(2020, 2021)))),
        Map.of("range", Map.of("key", "score", "gte", 1.5))));
    SqlFragment sql = MetadataFilter.toSql(filter, "c");
    assertThat(sql.sql()).doesNotContain("drop").doesNotContain("lang").doesNotContain("2020").doesNotContain("1.5");
    assertThat(sql.params()).contains("lang'; drop table x; --", "en", "year", "score", new BigDecimal("1.5"));
    assertThat(sql.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(sql.params().size());
  }

  @Test
  void whenFilterIsMalformedThen400Problem() {
    for (Object bad : List.of("x", Map.of(), Map.of("eq", Map.of("value", 1)), Map.of("in", Map.of("key", "k", "values", List.of())),
        Map.of("range", Map.of("key", "k")), Map.of("range", Map.of("key", "k", "gt", 1, "lt", "z")), Map.of("like", Map.of()),
        Map.of("and", List.of()), Map.of("eq", Map.of("key", "k", "value", Map.of("nested", 1))))) {
      assertThatThrownBy(() -> MetadataFilter.toSql(bad, "c")).as("filter %s", bad)
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getBody().getType().toString()).endsWith("/invalid-filter");
          });
    }
  }

  @Test
  void whenFilterNestsTooDeepThenRejected() {
    Object filter = Map.of("eq", Map.of("key", "k", "value", 1));
    for (int i = 0; i < 10; i++) {
      filter = Map.of("not", filter);
    }
    Object deep = filter;
    assertThatThrownBy(() -> MetadataFilter.toSql(deep, "c")).hasMessageContaining("Invalid filter");
  }
}
