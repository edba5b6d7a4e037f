package io.engram.retrieval.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Token-aware recursive splitting with overlap. Each section is tokenized once with the embedding model's
 * tokenizer; a section that fits is one chunk; a longer one is cut at the best boundary in the second half
 * of a {@code maxTokens} window, preferring (in this order, as recursive character splitters do) a
 * paragraph break, a line break, a sentence end, a space, and only then a token boundary inside a word.
 * The next chunk starts {@code overlapTokens} earlier, moved forward to a sentence or word start.
 *
 * <p>{@link #parentsAndChildren} cuts small-to-big: parents with this chunker, each parent again into children
 * with a smaller one, every child a substring of its parent at a known position.
 *
 * <p>Spring AI's TokenTextSplitter was considered: it counts tokens with a fixed OpenAI encoding (cl100k),
 * not the embedding model's, has no overlap, and decodes tokens back to text (changing whitespace), so
 * chunks could exceed the model's limit and would not be substrings of the source.
 */
public final class Chunker {

  private final int maxTokens;
  private final int overlapTokens;

  public Chunker(int maxTokens, int overlapTokens) {
    if (maxTokens < 8) {
      throw new IllegalArgumentException("illegal maxTokens: " + maxTokens + ", must be at least 8");
    }
    if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
      throw new IllegalArgumentException("illegal overlapTokens: " + overlapTokens + ", must be in [0, maxTokens/2)");
    }
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** The chunks of {@code sections}, in order; their positions are in their own section's text. */
  public List<ChunkDraft> chunk(List<Section> sections, TokenSpans tokens) {
    List<ChunkDraft> chunks = new ArrayList<>();
    for (Section section : sections) {
      split(section, tokens, chunks);
    }
    return chunks;
  }

  /**
   * Parents cut by this chunker, each cut again by {@code children} into children whose positions are in the
   * parent's text. A parent that fits one child has that one child, equal to it.
   */
  public List<ParentDraft> parentsAndChildren(List<Section> sections, TokenSpans tokens, Chunker children) {
    List<ParentDraft> out = new ArrayList<>();
    for (ChunkDraft parent : chunk(sections, tokens)) {
      List<ChunkDraft> kids = children.chunk(List.of(new Section(parent.headings(), parent.text())), tokens);
      if (!kids.isEmpty()) {
        out.add(new ParentDraft(parent, kids));
      }
    }
    return out;
  }

  private void split(Section section, TokenSpans tokenizer, List<ChunkDraft> out) {
    String text = section.text();
    List<int[]> tokens = tokenizer.of(text);
    int n = tokens.size();
    if (n == 0) {
      return;
    }
    if (n <= maxTokens) {
      add(out, text, 0, text.length(), section.headings(), n);
      return;
    }
    int start = 0;
    while (start < n) {
      int end = Math.min(start + maxTokens, n);
      if (end < n) {
        end = bestCut(text, tokens, start + Math.max(1, maxTokens / 2), end);
      }
      add(out, text, tokens.get(start)[0], tokens.get(end - 1)[1], section.headings(), end - start);
      if (end >= n) {
        break;
      }
      start = overlapStart(text, tokens, Math.max(start + 1, end - overlapTokens), end);
    }
  }

  /** Adds text[from, to) without its surrounding white space, with its position; nothing if that leaves nothing. */
  private static void add(List<ChunkDraft> out, String text, int from, int to, List<String> headings, int tokenCount) {
    int a = from;
    int b = to;
    while (a < b && Character.isWhitespace(text.charAt(a))) {
      a++;
    }
    while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
      b--;
    }
    if (a < b) {
      out.add(new ChunkDraft(text.substring(a, b), headings, tokenCount, a, b));
    }
  }

  /** The cut position in [from, to] (a token index: the chunk ends before it) with the strongest boundary. */
  private static int bestCut(String text, List<int[]> tokens, int from, int to) {
    int best = to;
    int bestStrength = -1;
    for (int c = to; c >= from; c--) {
      int strength = boundary(text, tokens, c);
      if (strength > bestStrength) {
        best = c;
        bestStrength = strength;
        if (strength == 4) {
          break;
        }
      }
    }
    return best;
  }

  /** The first position in [from, to) where a sentence (else a word) starts; {@code from} if none. */
  private static int overlapStart(String text, List<int[]> tokens, int from, int to) {
    if (from >= to) {
      return to;
    }
    for (int minimum : new int[] {2, 1}) {
      for (int c = from; c < to; c++) {
        if (boundary(text, tokens, c) >= minimum) {
          return c;
        }
      }
    }
    return from;
  }

  /** How strong the boundary before token {@code c} is: 4 paragraph, 3 line, 2 sentence, 1 space, 0 none. */
  static int boundary(String text, List<int[]> tokens, int c) {
    if (c <= 0 || c >= tokens.size()) {
      return 4;
    }
    int gapStart = tokens.get(c - 1)[1];
    int gapEnd = tokens.get(c)[0];
    String gap = text.substring(Math.min(gapStart, gapEnd), gapEnd);
    if (gap.contains("\n\n")) {
      return 4;
    }
    if (gap.contains("\n")) {
      return 3;
    }
    char last = gapStart > 0 ? text.charAt(gapStart - 1) : ' ';
    if (isSentenceEnd(last) && (!gap.isEmpty() || isCjkSentenceEnd(last))) {
      return 2;
    }
    return gap.isEmpty() ? 0 : 1;
  }

  private static boolean isSentenceEnd(char c) {
    return c == '.' || c == '!' || c == '?' || isCjkSentenceEnd(c);
  }

  private static boolean isCjkSentenceEnd(char c) {
    return c == '。' || c == '！' || c == '？' || c == '；';
  }
}
