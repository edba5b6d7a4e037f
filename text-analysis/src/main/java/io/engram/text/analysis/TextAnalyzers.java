package io.engram.text.analysis;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;

/**
 * One {@link TextAnalyzer} per language, built from Lucene's analyzers: English with its stop words and
 * Porter stemming (as Lucene's BM25 baselines use it); Chinese with SmartChinese word segmentation;
 * Japanese and Korean with CJK bigrams; every other language with ICU word segmentation and Unicode
 * folding, which handles most scripts without a language-specific stemmer.
 */
public final class TextAnalyzers {

  private static final Map<String, TextAnalyzer> CACHE = new ConcurrentHashMap<>();

  private TextAnalyzers() {
  }

  /** The analyzer for an ISO 639-1 code ({@code en}, {@code zh}, ...); null or blank means English. */
  public static TextAnalyzer forLanguage(String language) {
    String code = normalize(language);
    return CACHE.computeIfAbsent(code, c -> new TextAnalyzer(c, build(c)));
  }

  static String normalize(String language) {
    if (language == null || language.isBlank()) {
      return "en";
    }
    String code = language.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    int dash = code.indexOf('-');
    return dash > 0 ? code.substring(0, dash) : code;
  }

  private static Analyzer build(String code) {
    return switch (code) {
      case "en" -> new EnglishAnalyzer();
      case "zh" -> new SmartChineseAnalyzer();
      case "ja", "ko" -> new CJKAnalyzer();
      default -> new IcuAnalyzer();
    };
  }

  /** ICU word segmentation plus Unicode case and accent folding: a sound default for any script. */
  static final class IcuAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new ICUTokenizer();
      TokenStream result = new ICUFoldingFilter(source);
      return new TokenStreamComponents(source, new LowerCaseFilter(result));
    }
  }
}
