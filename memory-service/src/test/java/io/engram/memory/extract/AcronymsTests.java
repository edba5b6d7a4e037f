package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcronymsTests {

  @Test
  void whenWordsSpellAnAcronymThenTheyAreFound() {
    assertThat(Acronyms.in("Who is the CEO of Halvorsen?")).containsExactly("CEO");
    assertThat(Acronyms.in("HALVORSEN NAMES NEW CEO")).isEmpty();
    assertThat(Acronyms.spelledIn("CEO", "Halvorsen named Claire Dubois as chief executive.")).contains("chief executive");
    assertThat(Acronyms.spelledIn("IPO", "Lattice priced its initial public offering.")).contains("initial public offering");
    assertThat(Acronyms.spelledIn("CFO", "Halvorsen named a new chief executive.")).isEmpty();
  }
}
