package io.engram.retrieval.rewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Query rewriting through a Spring AI {@link ChatModel}: {@code multi-query} (paraphrases of the question,
 * as Spring AI's MultiQueryExpander), {@code hyde} (Gao et al. 2022: a hypothetical answer passage is
 * embedded instead of the question) and {@code decompose} (sub-questions of a multi-part question). The
 * original query always stays one of the variants, so a poor generation cannot lose what plain search
 * finds; the variants' lists are fused.
 */
public final class ChatQueryRewriter implements QueryRewriter {

  public static final String MULTI_QUERY = "multi-query";
  public static final String HYDE = "hyde";
  public static final String DECOMPOSE = "decompose";
  static final int MAX_VARIANTS = 4;

  private final String mode;
  private final Supplier<@Nullable ChatModel> chat;

  public ChatQueryRewriter(String mode, ChatModel chat) {
    this(mode, () -> chat);
  }

  /** With the service's chat model, if one is configured ({@link #unavailableReason} says when not). */
  public ChatQueryRewriter(String mode, Supplier<@Nullable ChatModel> chat) {
    if (!List.of(MULTI_QUERY, HYDE, DECOMPOSE).contains(mode)) {
      throw new IllegalArgumentException("unknown chat rewrite mode '" + mode + "'; known: multi-query, hyde, decompose");
    }
    this.mode = mode;
    this.chat = chat;
  }

  @Override
  public String name() {
    return mode;
  }

  @Override
  public @Nullable String unavailableReason() {
    return chat.get() == null ? "The rewrite strategy '" + mode
        + "' needs a chat model; none is configured (engram.retrieval.chat.base-url)." : null;
  }

  @Override
  public RewrittenQuery rewrite(RewriteRequest request) {
    String query = request.query();
    List<QueryVariant> variants = new ArrayList<>();
    variants.add(new QueryVariant("query", request.queryTerms(), query));
    Map<String, Object> details = new LinkedHashMap<>();
    switch (mode) {
      case HYDE -> {
        String passage = ask("Write one short factual passage (at most 120 words) that answers the question below, "
            + "as it could appear in a reference document. Answer with the passage only.\n\nQuestion: " + query).strip();
        if (!passage.isEmpty()) {
          variants.add(new QueryVariant("hyde", RewriteRequest.terms(request.analyzer(), passage), passage));
        }
        details.put("hypotheticalDocument", passage);
      }
      case MULTI_QUERY -> {
        List<String> queries = lines(ask("Write 3 different search queries that would find documents answering the "
            + "question below, one per line, without numbering or any other text.\n\nQuestion: " + query));
        queries.forEach(q -> variants.add(new QueryVariant("variant", RewriteRequest.terms(request.analyzer(), q), q)));
        details.put("queries", queries);
      }
      default -> {
        List<String> parts = lines(ask("Break the question below into the simpler sub-questions needed to answer it, "
            + "one per line, without numbering or any other text. If it is already simple, repeat it.\n\nQuestion: " + query));
        parts.forEach(q -> variants.add(new QueryVariant("sub-question", RewriteRequest.terms(request.analyzer(), q), q)));
        details.put("subQuestions", parts);
      }
    }
    return new RewrittenQuery(mode, variants, details);
  }

  private String ask(String prompt) {
    String answer = Objects.requireNonNull(chat.get(), "no chat model").call(new Prompt(prompt)).getResult().getOutput().getText();
    return answer == null ? "" : answer;
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String cleaned = line.replaceFirst("^\\s*(?:[-*•]|\\d+[.)])\\s*", "").strip();
      if (!cleaned.isEmpty() && out.size() < MAX_VARIANTS - 1) {
        out.add(cleaned);
      }
    }
    return out;
  }
}
