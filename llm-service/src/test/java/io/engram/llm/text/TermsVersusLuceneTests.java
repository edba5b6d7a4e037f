package io.engram.llm.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

/**
 * Why {@link Terms} stays beside the text-analysis module: on the same inputs it gives other terms than the
 * English analyzer that {@code TextAnalyzers.forLanguage("en")} builds (Lucene's {@link EnglishAnalyzer}), and
 * the answer path's figures (extractive sentence choice, near-duplicate folding, bridge terms, memory-first
 * coverage) were measured with these terms. Replacing them would change answers, so this pins both outputs.
 */
class TermsVersusLuceneTests {

  private static List<String> lucene(String text) throws IOException {
    List<String> terms = new ArrayList<>();
    try (Analyzer analyzer = new EnglishAnalyzer(); TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    }
    return terms;
  }

  @Test
  void termsStripOnlyPluralsWhereLuceneStemsEveryWord() throws IOException {
    String text = "The founders founded the company's studios in 1998.";
    assertThat(Terms.of(text)).containsExactly("founder", "founded", "company", "studio", "1998");
    assertThat(lucene(text)).containsExactly("founder", "found", "compani", "studio", "1998");
  }

  @Test
  void termsDropMoreFunctionWordsAndSingleLetters() throws IOException {
    String text = "Who was he and what did she do with M. Ward?";
    assertThat(Terms.of(text)).containsExactly("ward");
    assertThat(lucene(text)).containsExactly("who", "he", "what", "did", "she", "do", "m", "ward");
  }

  @Test
  void termsReadIdeographsAsCharactersAndBigramsForAnyLanguage() throws IOException {
    String text = "水是液体";
    assertThat(Terms.of(text)).containsExactly("水", "液", "体", "水是", "是液", "液体");
    // the English analyzer keeps single ideographs, function characters ("是") too, and no bigrams
    assertThat(lucene(text)).containsExactly("水", "是", "液", "体");
  }

  @Test
  void onPlainContentWordsBothAgree() throws IOException {
    String text = "Munich river Isar Bavaria";
    assertThat(Terms.of(text)).isEqualTo(lucene(text)).containsExactly("munich", "river", "isar", "bavaria");
  }
}
