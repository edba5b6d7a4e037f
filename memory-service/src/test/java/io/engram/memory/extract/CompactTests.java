package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactTests {

  @Test
  void whenANewsSentenceCarriesADatelineOrAttributionThenOnlyWhatItStatesIsKept() {
    assertThat(Compact.of("CHICAGO, Jan 9 (Meridian Wire) - Pellworth Insurance said it would cut 300 jobs."))
        .isEqualTo("Pellworth Insurance said it would cut 300 jobs.");
    assertThat(Compact.of("Acme will close its Omaha office by June, the company said on Tuesday."))
        .isEqualTo("Acme will close its Omaha office by June.");
    assertThat(Compact.of("Wow, that agency looks great for families like mine."))
        .isEqualTo("That agency looks great for families like mine.");
    assertThat(Compact.of("US - China trade talks resume in Geneva.")).isEqualTo("US - China trade talks resume in Geneva.");
    assertThat(Compact.of("As it stands, the Riverside bridge reopens in June.")).isEqualTo("The Riverside bridge reopens in June.");
    assertThat(Compact.of("In Chicago, the council approved the budget.")).isEqualTo("In Chicago, the council approved the budget.");
  }
}
