package io.engram.llm.answer;

import io.engram.llm.source.HistoryMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A validated answer request with every budget resolved. */
public record AnswerCommand(String question, List<String> collections, @Nullable String memoryNamespace,
    List<HistoryMessage> history, boolean deep, int contextTokens, int maxAnswerTokens, int topK, int memoryTopK,
    int maxRounds, int maxWallMs, int maxTokens) {

  public AnswerCommand {
    collections = List.copyOf(collections);
    history = List.copyOf(history);
  }
}
