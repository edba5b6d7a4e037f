package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The idioms of change in several domains: ratings, prices, places, settings, people. */
class ChangesTests {

  @Test
  void whenAStatementSaysWhatReplacedWhatThenBothValuesAreRead() {
    assertThat(Changes.of("Northbridge Ratings downgraded Tessaly Retail Group to Ba1 from Baa2, moving its debt to junk."))
        .containsExactly(new Changes("Baa2", "Ba1"));
    assertThat(Changes.of("Dunmore lifted its interim dividend to 45p a share from 42p."))
        .containsExactly(new Changes("42p", "45p"));
    assertThat(Changes.of("Pellworth will move its headquarters from Chicago to the Dallas area."))
        .containsExactly(new Changes("Chicago", "Dallas"));
    assertThat(Changes.of("The default session timeout goes from 30 seconds to 60 seconds in 4.2."))
        .containsExactly(new Changes("30 seconds", "60 seconds"));
    assertThat(Changes.of("Ingrid Lundqvist takes the helm in April, replacing long-serving boss Knut Aasland."))
        .containsExactly(new Changes("Knut Aasland", null));
  }

  @Test
  void whenNothingWasReplacedThenNoChangeIsRead() {
    assertThat(Changes.of("She joined from Skovhavn in 2021 and moved to the tanker unit.")).isEmpty();
    assertThat(Changes.of("Revenue from data centers rose 12%.")).isEmpty();
    assertThat(Changes.of("TESSALY CUT TO BA1 FROM BAA2")).isEmpty();
  }

  @Test
  void whenATextHoldsAValueThenItHoldsTheFigureOrEveryWordOfTheName() {
    Signature sig = Signature.of("Northbridge affirmed Tessaly's rating at Baa2 and its 45p dividend.");
    assertThat(Changes.holds(sig, "Baa2")).isTrue();
    assertThat(Changes.holds(sig, "45p")).isTrue();
    assertThat(Changes.holds(sig, "42p")).isFalse();
    assertThat(Changes.holds(sig, "Knut Aasland")).isFalse();
  }
}
