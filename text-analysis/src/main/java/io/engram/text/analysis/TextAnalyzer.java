package io.engram.text.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns text into the index terms of one language, through a Lucene {@link Analyzer} used as a library:
 * the same terms for documents and queries, so lexical scores (BM25) and term overlap are comparable.
 * Thread-safe: Lucene analyzers reuse their token streams per thread.
 */
public final class TextAnalyzer {

  private final String language;
  private final Analyzer analyzer;

  TextAnalyzer(String language, Analyzer analyzer) {
    this.language = language;
    this.analyzer = analyzer;
  }

  /** The language code this analyzer was built for (e.g. {@code en}, {@code zh}). */
  public String language() {
    return language;
  }

  /** The terms of {@code text} in order, repeats kept (term frequencies count them). */
  public List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysis of in-memory text failed", e);
    }
    return terms;
  }

  /** The underlying Lucene analyzer, for code that drives Lucene directly. */
  public Analyzer lucene() {
    return analyzer;
  }
}
