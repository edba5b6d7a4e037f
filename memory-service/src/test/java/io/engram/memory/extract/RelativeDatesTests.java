package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RelativeDatesTests {

  static final Instant MONDAY_8_MAY_2023 = Instant.parse("2023-05-08T13:56:00Z");

  @Test
  void whenATextSaysWhenRelativelyThenTheDateIsResolvedAgainstTheEventTime() {
    assertThat(RelativeDates.resolve("I went to a support group yesterday.", MONDAY_8_MAY_2023))
        .isEqualTo("I went to a support group on 7 May 2023.");
    assertThat(RelativeDates.resolve("I ran a charity race last Saturday.", MONDAY_8_MAY_2023))
        .isEqualTo("I ran a charity race on 6 May 2023.");
    assertThat(RelativeDates.resolve("We are going camping next month.", MONDAY_8_MAY_2023))
        .isEqualTo("We are going camping in June 2023.");
    assertThat(RelativeDates.resolve("I started transitioning three years ago.", MONDAY_8_MAY_2023))
        .isEqualTo("I started transitioning in 2020.");
    assertThat(RelativeDates.resolve("我昨天去了上海。", MONDAY_8_MAY_2023)).isEqualTo("我2023年5月7日去了上海。");
  }

  @Test
  void whenNothingIsRelativeThenTheTextStays() {
    assertThat(RelativeDates.resolve("The plant opened on 3 March 2021.", MONDAY_8_MAY_2023)).isEqualTo("The plant opened on 3 March 2021.");
    assertThat(RelativeDates.resolve("Anything yesterday-ish.", null)).isEqualTo("Anything yesterday-ish.");
  }
}
