package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeakersTests {

  @Test
  void whenATextOpensWithASpeakerThenTheTurnIsParsed() {
    assertThat(Speakers.parse("Caroline: I went to a support group.")).hasValueSatisfying(t -> {
      assertThat(t.speaker()).isEqualTo("Caroline");
      assertThat(t.text()).isEqualTo("I went to a support group.");
    });
    assertThat(Speakers.parse("Update: the bridge reopens on Monday.")).isEmpty();
    assertThat(Speakers.parse("The bridge reopens on Monday.")).isEmpty();
  }

  @Test
  void whenASpeakerSaysIOrYouThenTheStatementNamesThem() {
    assertThat(Speakers.thirdPerson("I'm keen on counseling, and my mentor agrees with you.", "Caroline", "Melanie"))
        .isEqualTo("Caroline is keen on counseling, and Caroline's mentor agrees with Melanie.");
    assertThat(Speakers.thirdPerson("Your painting is lovely.", "Caroline", null)).isEqualTo("Your painting is lovely.");
  }
}
