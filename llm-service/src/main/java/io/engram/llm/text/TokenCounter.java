package io.engram.llm.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Counts tokens with OpenAI's {@code cl100k_base} byte-pair encoding (jtokkit). Exact for OpenAI's GPT-4
 * class models and a close, documented approximation for other providers' tokenizers (which are within
 * roughly +-15% on English prose), good enough to keep a context inside a budget with a margin.
 */
public final class TokenCounter {

  private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  public int count(@Nullable String text) {
    return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }

  /** The longest prefix of {@code text} that fits in {@code maxTokens} tokens. */
  public String truncate(String text, int maxTokens) {
    if (maxTokens <= 0) {
      return "";
    }
    EncodingResult result = ENCODING.encodeOrdinary(text, maxTokens);
    if (!result.isTruncated()) {
      return text;
    }
    IntArrayList head = result.getTokens();
    String decoded = ENCODING.decode(head);
    // a cut inside a multi-byte character decodes to a replacement char; drop it
    return decoded.endsWith("\uFFFD") ? decoded.substring(0, decoded.length() - 1) : decoded;
  }
}
