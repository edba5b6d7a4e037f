package io.engram.text.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextAnalyzersTests {

  @Test
  void englishStemsAndDropsStopWords() {
    assertThat(TextAnalyzers.forLanguage("en").terms("The running dogs are barking at the cats"))
        .containsExactly("run", "dog", "bark", "cat");
  }

  @Test
  void chineseIsSegmentedIntoWords() {
    assertThat(TextAnalyzers.forLanguage("zh").terms("我爱北京天安门")).contains("北京", "天安门");
  }

  @Test
  void japaneseGetsBigrams() {
    assertThat(TextAnalyzers.forLanguage("ja").terms("東京都")).containsExactly("東京", "京都");
  }

  @Test
  void otherLanguagesAreSegmentedAndFolded() {
    assertThat(TextAnalyzers.forLanguage("de").terms("Über die Brücke")).containsExactly("uber", "die", "brucke");
  }

  @Test
  void languageCodesAreNormalized() {
    assertThat(TextAnalyzers.forLanguage("EN_us").language()).isEqualTo("en");
    assertThat(TextAnalyzers.forLanguage(null).language()).isEqualTo("en");
    assertThat(TextAnalyzers.forLanguage("zh-Hans").language()).isEqualTo("zh");
  }
}
