package io.engram.llm.deep;

import io.engram.llm.fusion.Passage;
import io.engram.llm.generate.ChatModelAnswerGenerator;
import io.engram.llm.text.TokenCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reflection by the configured chat model: it reads the question and the best passages so far and names
 * what is still missing as search queries (one per line, or {@code NONE}). Its call is bounded by the
 * loop's remaining time; when it fails or runs out of time, the offline planner takes over for the round.
 */
public class ModelReflectionPlanner implements FollowUpPlanner {

  static final String SYSTEM = """
      You plan searches for a question answering system. Given a question and the passages found so far, \
      decide what information is still missing to answer the question. Reply with up to %d short search \
      queries for the missing information, one per line, nothing else. If nothing is missing, reply NONE.""";

  private final ChatModelAnswerGenerator model;
  private final FollowUpPlanner fallback;
  private final TokenCounter tokens;

  public ModelReflectionPlanner(ChatModelAnswerGenerator model, FollowUpPlanner fallback, TokenCounter tokens) {
    this.model = model;
    this.fallback = fallback;
    this.tokens = tokens;
  }

  @Override
  public String name() {
    return "model-reflection";
  }

  @Override
  public Plan plan(String question, List<Passage> fused, Set<String> askedQueries, int maxQueries, Duration timeLeft) {
    StringBuilder user = new StringBuilder("Question: ").append(question).append("\n\nPassages found so far:\n");
    fused.stream().limit(6).forEach(p -> user.append("- ").append(p.title() == null ? "" : p.title() + ": ")
        .append(tokens.truncate(p.text(), 200).replace('\n', ' ')).append('\n'));
    user.append("\nAlready searched: ").append(String.join(" | ", askedQueries));
    String system = SYSTEM.formatted(maxQueries);
    int cost = tokens.count(system) + tokens.count(user.toString());
    try {
      String reply = CompletableFuture.supplyAsync(() -> model.call(system, user.toString()),
              r -> Thread.ofVirtual().start(r))
          .get(Math.max(1, timeLeft.toMillis()), TimeUnit.MILLISECONDS);
      cost += tokens.count(reply);
      List<String> queries = new ArrayList<>();
      for (String line : reply.split("\\R")) {
        String query = line.replaceFirst("^\\s*(?:[-*•]|\\d+[.)])\\s*", "").strip();
        if (query.isEmpty() || query.toUpperCase(Locale.ROOT).startsWith("NONE")) {
          continue;
        }
        if (!askedQueries.contains(query) && queries.size() < maxQueries) {
          queries.add(query);
        }
      }
      return new Plan(queries, queries.isEmpty() ? "model: nothing missing" : "model reflection", cost);
    } catch (Exception e) {
      Plan offline = fallback.plan(question, fused, askedQueries, maxQueries, timeLeft);
      return new Plan(offline.queries(), "model reflection failed (" + e.getClass().getSimpleName() + "); "
          + offline.reason(), cost);
    }
  }
}
