package io.engram.llm.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTests {

  private static List<String> sentences(String text) {
    return Terms.sentences(text).stream().map(span -> text.substring(span[0], span[1])).toList();
  }

  @Test
  void initialsAndTitleAbbreviationsDoNotEndASentence() {
    assertThat(sentences("It is the third album by singer-songwriter M. Ward. He lives in Portland."))
        .containsExactly("It is the third album by singer-songwriter M. Ward.", "He lives in Portland.");
    assertThat(sentences("George W. Bush met Dr. Smith in St. Louis. They talked."))
        .containsExactly("George W. Bush met Dr. Smith in St. Louis.", "They talked.");
  }

  @Test
  void ordinarySentenceEndsStillSplit() {
    assertThat(sentences("Paris is in France. Berlin is in Germany! Is Rome in Italy? Yes."))
        .containsExactly("Paris is in France.", "Berlin is in Germany!", "Is Rome in Italy?", "Yes.");
    assertThat(sentences("水是液体。冰是固体。")).containsExactly("水是液体。", "冰是固体。");
  }
}
