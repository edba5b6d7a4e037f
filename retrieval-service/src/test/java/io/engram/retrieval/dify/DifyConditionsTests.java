package io.engram.retrieval.dify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.retrieval.dify.DifyRetrievalRequest.Condition;
import io.engram.retrieval.dify.DifyRetrievalRequest.MetadataCondition;
import io.engram.retrieval.recall.MetadataFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dify's comparison operators onto the platform's filter model, and what the filter compiler makes of them. */
class DifyConditionsTests {

  private static Object one(String name, String op, Object value) {
    return DifyConditions.toFilter(new MetadataCondition(null, List.of(new Condition(name, op, value))));
  }

  @Test
  void whenNoConditionIsGivenThenThereIsNoFilter() {
    assertThat(DifyConditions.toFilter(null)).isNull();
    assertThat(DifyConditions.toFilter(new MetadataCondition("and", List.of()))).isNull();
  }

  @Test
  void whenEqualityOperatorsAreUsedThenTheyBecomeEqAndNotEq() {
    assertThat(one("topic", "is", "ai")).isEqualTo(Map.of("eq", Map.of("key", "topic", "value", "ai")));
    assertThat(one("topic", "is not", "ai")).isEqualTo(Map.of("not", Map.of("eq", Map.of("key", "topic", "value", "ai"))));
    assertThat(one("year", "=", "2020")).isEqualTo(Map.of("eq", Map.of("key", "year", "value", new BigDecimal("2020"))));
    assertThat(one("year", "≠", 2020)).isEqualTo(Map.of("not", Map.of("eq", Map.of("key", "year", "value", 2020))));
  }

  @Test
  void whenComparisonsAreUsedThenTheyBecomeRanges() {
    assertThat(one("year", ">", 1)).isEqualTo(Map.of("range", Map.of("key", "year", "gt", 1)));
    assertThat(one("year", "≥", 1)).isEqualTo(Map.of("range", Map.of("key", "year", "gte", 1)));
    assertThat(one("year", "<", 1)).isEqualTo(Map.of("range", Map.of("key", "year", "lt", 1)));
    assertThat(one("year", "≤", 1)).isEqualTo(Map.of("range", Map.of("key", "year", "lte", 1)));
    assertThat(one("date", "before", "2024-01-01")).isEqualTo(Map.of("range", Map.of("key", "date", "lt", "2024-01-01")));
    assertThat(one("date", "after", "2024-01-01")).isEqualTo(Map.of("range", Map.of("key", "date", "gt", "2024-01-01")));
  }

  @Test
  void whenMembershipAndEmptinessAreUsedThenTheyBecomeInAndExists() {
    assertThat(one("tag", "in", List.of("a", "b"))).isEqualTo(Map.of("in", Map.of("key", "tag", "values", List.of("a", "b"))));
    assertThat(one("tag", "not in", List.of("a"))).isEqualTo(Map.of("not", Map.of("in", Map.of("key", "tag", "values", List.of("a")))));
    assertThat(one("tag", "null", null)).isEqualTo(Map.of("not", Map.of("exists", Map.of("key", "tag"))));
    assertThat(one("tag", "not null", null)).isEqualTo(Map.of("exists", Map.of("key", "tag")));
  }

  @Test
  void whenSeveralConditionsOrSeveralNamesAreGivenThenTheyAreJoined() {
    Object filter = DifyConditions.toFilter(new MetadataCondition("or", List.of(
        new Condition("a", "is", "x"), new Condition(List.of("b", "c"), "is", "y"))));
    assertThat(filter).isEqualTo(Map.of("or", List.of(Map.of("eq", Map.of("key", "a", "value", "x")),
        Map.of("or", List.of(Map.of("eq", Map.of("key", "b", "value", "y")), Map.of("eq", Map.of("key", "c", "value", "y")))))));
  }

  @Test
  void whenEveryOperatorIsMappedThenTheFilterCompilerAcceptsTheResult() {
    for (String op : DifyConditions.SUPPORTED) {
      Object value = switch (op) {
        case "in", "not in" -> List.of("a");
        case "is", "is not", "before", "after" -> "a";
        default -> 1;
      };
      Object filter = one("k", op, value);
      assertThat(MetadataFilter.toSql(filter, "c").sql()).as(op).isNotBlank();
    }
  }

  @Test
  void whenAnOperatorIsUnsupportedOrUnknownOrTheValueIsWrongThenTheConditionIsInvalid() {
    for (String op : DifyConditions.UNSUPPORTED) {
      assertThatThrownBy(() -> one("k", op, "x")).isInstanceOf(DifyConditions.InvalidCondition.class)
          .hasMessageContaining("'" + op + "' is not supported");
    }
    assertThatThrownBy(() -> one("k", "like", "x")).hasMessageContaining("unknown comparison_operator 'like'");
    assertThatThrownBy(() -> one("k", ">", "ten")).hasMessageContaining("'value' must be a number");
    assertThatThrownBy(() -> one(null, "is", "x")).hasMessageContaining("needs 'name'");
    assertThatThrownBy(() -> DifyConditions.toFilter(new MetadataCondition("xor", List.of(new Condition("a", "is", "x")))))
        .hasMessageContaining("logical_operator must be 'and' or 'or'");
  }
}
