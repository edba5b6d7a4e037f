package io.engram.text.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedding model's own tokenizer, for counting tokens the way the model will see them: chunkers use
 * it to cut text at token boundaries that fit the model, context packers to stay inside a token budget.
 */
public final class ModelTokenizer {

  private final HuggingFaceTokenizer tokenizer;
  private final UseGuard guard;

  ModelTokenizer(HuggingFaceTokenizer untruncated, UseGuard guard) {
    this.tokenizer = untruncated;
    this.guard = guard;
  }

  /** Tokens in {@code text}, special tokens excluded. */
  public int count(String text) {
    return guard.use(() -> tokenizer.encode(text, false, false).getIds().length);
  }

  /** Character span [start, end) of each token of {@code text}, special tokens excluded, in order. */
  public List<Span> spans(String text) {
    Encoding encoding = guard.use(() -> tokenizer.encode(text, false, false));
    CharSpan[] spans = encoding.getCharTokenSpans();
    List<Span> result = new ArrayList<>(spans.length);
    for (CharSpan span : spans) {
      if (span != null) {
        result.add(new Span(span.getStart(), span.getEnd()));
      }
    }
    return result;
  }

  /** A token's character range in the text it came from. */
  public record Span(int start, int end) {
  }
}
