package io.engram.retrieval.chunking;

import java.util.List;

/**
 * One chunk as the chunker cut it: its text, the headings of its section, its size in model tokens, and where
 * its text is in the text it was cut from ([start, end), in characters: {@code text} equals that range).
 */
public record ChunkDraft(String text, List<String> headings, int tokenCount, int start, int end) {
  public ChunkDraft {
    headings = List.copyOf(headings);
  }
}
