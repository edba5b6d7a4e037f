package io.engram.memory.extract;

import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lexical terms of memory text through the shared analyzers: Chinese segmentation when the text holds Han
 * characters, the English analyzer (stop words, Porter stemming) otherwise. Keys built from these terms are
 * what make "Alice Moreno's", "alice moreno" and "ALICE MORENO" one subject.
 */
public final class Terms {

  private static final Pattern NUMERAL = Pattern.compile("[\\p{N}一二三四五六七八九十百千万亿两]");

  private Terms() {
  }

  public static TextAnalyzer analyzerFor(String text) {
    return TextAnalyzers.forLanguage(hasHan(text) ? "zh" : "en");
  }

  /**
   * Terms in order, repeats kept. Chinese leaves out function words ("的", "是", "给", "多少": HanLP's core stop-word
   * dictionary), as English leaves out its stop words: SmartChinese's own stop set holds only punctuation.
   */
  public static List<String> of(String text) {
    boolean han = hasHan(text);
    List<String> terms = TextAnalyzers.forLanguage(han ? "zh" : "en").terms(text);
    if (!han) {
      return terms;
    }
    // numerals stay: "一季度" is the first quarter
    List<String> content = terms.stream().filter(t -> !CoreStopWordDictionary.contains(t) || NUMERAL.matcher(t).find()).toList();
    return content.isEmpty() ? terms : content;
  }

  /** Terms in order, joined by one space: a key that ignores case, stop words and inflection. */
  public static String key(String text) {
    return String.join(" ", of(text));
  }

  public static boolean hasHan(String text) {
    return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }
}
