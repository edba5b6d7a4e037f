package io.engram.retrieval.rerank;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Listwise LLM reranking through a Spring AI {@link ChatModel} (as RankGPT, Sun et al. 2023): the passages
 * are numbered in the prompt and the model answers with the numbers in order of relevance. Numbers it does
 * not mention keep their fused order after the ones it ranked; an unparseable answer changes nothing.
 */
public final class ChatReranker implements Reranker {

  public static final String NAME = "llm";
  static final int MAX_PASSAGE_CHARS = 600;
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private final Supplier<@Nullable ChatModel> chat;

  public ChatReranker(ChatModel chat) {
    this(() -> chat);
  }

  /** With the service's chat model, if one is configured ({@link #unavailableReason} says when not). */
  public ChatReranker(Supplier<@Nullable ChatModel> chat) {
    this.chat = chat;
  }

  @Override
  public @Nullable String unavailableReason() {
    return chat.get() == null ? "The rerank strategy '" + NAME
        + "' needs a chat model; none is configured (engram.retrieval.chat.base-url)." : null;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RerankCandidate> rerank(String query, float[] queryVector, List<RerankCandidate> candidates) {
    StringBuilder prompt = new StringBuilder("Rank the passages below by how well they answer the query. ")
        .append("Answer only with the passage numbers, most relevant first, separated by commas.\n\nQuery: ")
        .append(query).append("\n\n");
    for (int i = 0; i < candidates.size(); i++) {
      String text = candidates.get(i).text();
      prompt.append('[').append(i + 1).append("] ")
          .append(text.length() > MAX_PASSAGE_CHARS ? text.substring(0, MAX_PASSAGE_CHARS) : text).append("\n\n");
    }
    String answer = Objects.requireNonNull(chat.get(), "no chat model").call(new Prompt(prompt.toString())).getResult().getOutput().getText();
    Set<Integer> order = new LinkedHashSet<>();
    Matcher m = NUMBER.matcher(answer == null ? "" : answer);
    while (m.find()) {
      int n = Integer.parseInt(m.group());
      if (n >= 1 && n <= candidates.size()) {
        order.add(n - 1);
      }
    }
    for (int i = 0; i < candidates.size(); i++) {
      order.add(i);
    }
    List<RerankCandidate> out = new ArrayList<>(candidates.size());
    int position = 0;
    for (int index : order) {
      RerankCandidate c = candidates.get(index);
      out.add(new RerankCandidate(c.chunkId(), c.text(), 1.0 / (1 + position++), c.vector()));
    }
    return out;
  }
}
