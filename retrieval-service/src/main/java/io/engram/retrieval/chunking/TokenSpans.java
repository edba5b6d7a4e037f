package io.engram.retrieval.chunking;

import io.engram.text.embedding.ModelTokenizer;
import io.engram.text.embedding.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tokens of a text are, as character ranges: the embedding model's own tokenizer when it runs in
 * process, so chunks fit the model exactly; a word-and-punctuation approximation for remote models.
 */
@FunctionalInterface
public interface TokenSpans {

  /** Character ranges [start, end) of the tokens of {@code text}, in order. */
  List<int[]> of(String text);

  default int count(String text) {
    return of(text).size();
  }

  static TokenSpans forEmbedder(TextEmbedder embedder) {
    return embedder.tokenizer().<TokenSpans>map(TokenSpans::of).orElseGet(TokenSpans::words);
  }

  static TokenSpans of(ModelTokenizer tokenizer) {
    return new TokenSpans() {
      @Override
      public List<int[]> of(String text) {
        return tokenizer.spans(text).stream().map(s -> new int[] {s.start(), s.end()}).toList();
      }

      @Override
      public int count(String text) {
        return tokenizer.count(text);
      }
    };
  }

  /** Words and single punctuation marks: a rough stand-in when the model's tokenizer is not at hand. */
  static TokenSpans words() {
    Pattern token = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");
    return text -> {
      List<int[]> spans = new ArrayList<>();
      Matcher m = token.matcher(text);
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
      return spans;
    };
  }
}
