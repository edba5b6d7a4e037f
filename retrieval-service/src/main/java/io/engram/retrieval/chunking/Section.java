package io.engram.retrieval.chunking;

import java.util.List;
import java.util.Objects;

/**
 * A run of text under one heading path (outermost first), as a structure parser found it; chunks never
 * cross sections, so every chunk knows which headings it sits under.
 */
public record Section(List<String> headings, String text) {
  public Section {
    headings = List.copyOf(Objects.requireNonNull(headings, "headings cannot be null"));
    Objects.requireNonNull(text, "text cannot be null");
  }
}
