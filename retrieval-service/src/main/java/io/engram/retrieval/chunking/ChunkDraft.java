package io.engram.retrieval.chunking;

import java.util.List;

/**
 * One chunk as the chunker cut it: its text, the headings of its section and its size in model tokens.
 */
public record ChunkDraft(String text, List<String> headings, int tokenCount) {
  public ChunkDraft {
    headings = List.copyOf(headings);
  }
}
