package io.engram.memory.extract;

import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import java.util.List;

/**
 * Lexical terms of memory text through the shared analyzers: Chinese segmentation when the text holds Han
 * characters, the English analyzer (stop words, Porter stemming) otherwise. Keys built from these terms are
 * what make "Alice Moreno's", "alice moreno" and "ALICE MORENO" one subject.
 */
public final class Terms {

  private Terms() {
  }

  public static TextAnalyzer analyzerFor(String text) {
    return TextAnalyzers.forLanguage(hasHan(text) ? "zh" : "en");
  }

  /** Terms in order, repeats kept. */
  public static List<String> of(String text) {
    return analyzerFor(text).terms(text);
  }

  /** Terms in order, joined by one space: a key that ignores case, stop words and inflection. */
  public static String key(String text) {
    return String.join(" ", of(text));
  }

  public static boolean hasHan(String text) {
    return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }
}
