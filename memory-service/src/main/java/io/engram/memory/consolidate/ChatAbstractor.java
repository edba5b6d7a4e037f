package io.engram.memory.consolidate;

import io.engram.memory.item.MemoryItem;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * LLM abstraction through a Spring AI {@link ChatModel}: a short summary of the members. The summary must keep
 * every member's value verbatim (recall shows it in their place); when it does not, or the model fails, the
 * offline listing is used.
 */
public final class ChatAbstractor implements Abstractor {

  private static final Logger log = LoggerFactory.getLogger(ChatAbstractor.class);

  private final ChatModel chat;
  private final ListingAbstractor fallback = new ListingAbstractor();

  public ChatAbstractor(ChatModel chat) {
    this.chat = chat;
  }

  @Override
  public String abstractOf(String subject, List<MemoryItem> members) {
    StringBuilder prompt = new StringBuilder("Summarize these facts about ").append(subject)
        .append(" in at most two sentences. Keep every value exactly as written.\n");
    members.forEach(m -> prompt.append("- ").append(m.statement()).append('\n'));
    try {
      String summary = chat.call(new Prompt(prompt.toString())).getResult().getOutput().getText().strip();
      String lower = summary.toLowerCase(Locale.ROOT);
      boolean complete = members.stream().allMatch(m -> m.valueText() == null || lower.contains(m.valueText().toLowerCase(Locale.ROOT)));
      return complete && !summary.isEmpty() ? summary : fallback.abstractOf(subject, members);
    } catch (RuntimeException e) {
      log.warn("LLM abstraction failed, using the listing: {}", e.getMessage());
      return fallback.abstractOf(subject, members);
    }
  }
}
