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

  @Test
  void whenADatelineNamesARegionOrSeveralCitiesThenItGoesToo() {
    assertThat(Compact.of("PRINCETON, N.J., Nov 2 (Crestline Wire) - Greywell Pharma cut its 2023 revenue forecast."))
        .isEqualTo("Greywell Pharma cut its 2023 revenue forecast.");
    assertThat(Compact.of("CAMBRIDGE, Mass., Nov 16 (Crestline Wire) - The FDA approved Talvorin on Thursday."))
        .isEqualTo("The FDA approved Talvorin on Thursday.");
    assertThat(Compact.of("SAN FRANCISCO/NEW YORK (Reuters) - Acme fell sharply in early trading."))
        .isEqualTo("Acme fell sharply in early trading.");
    // capitals before a dash that are no dateline stay
    assertThat(Compact.of("US, Canada - trade talks resumed in Geneva on Tuesday."))
        .isEqualTo("US, Canada - trade talks resumed in Geneva on Tuesday.");
  }

  @Test
  void whenAReportCitesADescribedSourceInsideOrAtTheEndThenTheCitationGoes() {
    assertThat(Compact.of("Solent Airways appointed Priya Raman as chief operating officer, the Southampton-based carrier said on Monday."))
        .isEqualTo("Solent Airways appointed Priya Raman as chief operating officer.");
    assertThat(Compact.of("Riverton Rovers will spend about £85 million enlarging Millbrook Park, the club said on Monday, with building"
        + " work to start after the season ends."))
        .isEqualTo("Riverton Rovers will spend about £85 million enlarging Millbrook Park, with building work to start after the season ends.");
    assertThat(Compact.of("Corvane forecast 2023 revenue of $17.5 billion, the company said in its fourth-quarter results statement on Thursday."))
        .isEqualTo("Corvane forecast 2023 revenue of $17.5 billion.");
    // a relative clause is no citation
    assertThat(Compact.of("The fund sold its stake to Harlow, the investor who said it would hold the shares."))
        .isEqualTo("The fund sold its stake to Harlow, the investor who said it would hold the shares.");
  }
}
