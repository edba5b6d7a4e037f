package io.engram.retrieval.chunking;

import java.util.List;

/**
 * A parent section of a parent/child cut: the parent as a chunk, and its children, whose {@code start} and
 * {@code end} are positions in the parent's text.
 */
public record ParentDraft(ChunkDraft parent, List<ChunkDraft> children) {
  public ParentDraft {
    children = List.copyOf(children);
  }
}
