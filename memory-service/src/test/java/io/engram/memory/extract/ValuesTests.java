package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValuesTests {

  @Test
  void whenARangeGivesItsScaleOnceThenBothEndsHaveIt() {
    assertThat(Values.numbers("forecast $7.55 to $7.7 billion")).containsExactly(7.55e9, 7.7e9);
    assertThat(Values.numbers("SEES 2024 SALES OF $8.15-8.4 BLN")).containsExactly(2024.0, 8.15e9, 8.4e9);
    // no scale on the second end, or a percentage: nothing borrowed
    assertThat(Values.numbers("from 30 to 60 seconds")).containsExactly(30.0, 60.0);
    assertThat(Values.numbers("grew 5 to 7% in 2 billion homes")).containsExactly(5.0, 7.0, 2e9);
  }

  @Test
  void whenAFigureIsTheSameInOtherUnitsThenItsCanonicalFormIsTheSame() {
    assertThat(Values.canonical(Values.numbers("$2.01 billion").getFirst()))
        .isEqualTo(Values.canonical(Values.numbers("2,010 million").getFirst())).isEqualTo("2010000000");
    assertThat(Values.canonical(1.5)).isEqualTo("1.5");
  }

  @Test
  void whenADayOfAMonthHasNoYearThenItIsAMonthDayNotAFigure() {
    assertThat(Values.monthDays("She starts Nov. 6 and reports on 9 December.")).containsExactly("--11-06", "--12-09");
    assertThat(Values.numbers("She starts Nov. 6.")).isEmpty();
    assertThat(Values.dates("She starts Nov. 6.")).isEmpty();
    // "may" as a verb, a day that does not exist, a full date
    assertThat(Values.monthDays("Shares may 5 times rise; Feb 30; March 5, 2024")).isEmpty();
    assertThat(Values.dates("March 5, 2024")).containsExactly("2024-03-05");
  }
}
