package io.engram.llm.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerMetersTests {

  @Test
  void whenReasonCarriesNumbersOrFreeTextThenTheTagStaysInAClosedSet() {
    assertThat(AnswerMeters.bounded("limit: wall time (20000 ms)")).isEqualTo("limit: wall time");
    assertThat(AnswerMeters.bounded("limit: rounds (3)")).isEqualTo("limit: rounds");
    assertThat(AnswerMeters.bounded("no source answered")).isEqualTo("no source answered");
    assertThat(AnswerMeters.bounded("stop: last round allowed")).isEqualTo("last round allowed");
    assertThat(AnswerMeters.bounded("the passages already name Jane Roe as founder of Acme in 1999"))
        .isEqualTo("planner");
    assertThat(AnswerMeters.bounded(null)).isEqualTo("none");
    assertThat(AnswerMeters.bounded("grounded")).isEqualTo("grounded");
  }
}
