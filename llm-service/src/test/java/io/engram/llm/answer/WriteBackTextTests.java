package io.engram.llm.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteBackTextTests {

  @Test
  void citationMarkersStayOutOfWhatMemoryKeeps() {
    assertThat(AnswerService.withoutCitationMarkers("The Eiffel Tower is in Paris. [1] It was built in 1889. [1][2]"))
        .isEqualTo("The Eiffel Tower is in Paris. It was built in 1889.");
  }

  @Test
  void bracketedTextThatIsNotAMarkerStays() {
    assertThat(AnswerService.withoutCitationMarkers("Use the [default] setting; see RFC 9457 [note]."))
        .isEqualTo("Use the [default] setting; see RFC 9457 [note].");
  }
}
