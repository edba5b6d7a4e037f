package io.engram.llm.generate;

import java.util.List;

/**
 * A generator's result: the text, its citations, which generator made it, whether the context supported
 * an answer at all ({@code grounded}) and the tokens it cost ({@code promptTokens} 0 for the extractive one).
 */
public record GeneratedAnswer(String text, List<Citation> citations, String generator, boolean grounded,
    int promptTokens, int completionTokens) {

  public GeneratedAnswer {
    citations = List.copyOf(citations);
  }
}
