package io.engram.llm.answer;

import io.engram.llm.source.HistoryMessage;
import io.engram.support.web.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A question the answer path can run: stripped and within length, legal and distinct collection names, a legal memory
 * namespace or none, at least one source, history with known roles (lower case), a known mode (lower case) and every
 * budget within its range. The record checks this itself, in the order the fields come in a request, and throws the
 * 400 problem that says what is wrong ({@code invalid-question}, {@code invalid-collections},
 * {@code invalid-memory-namespace}, {@code no-sources}, {@code invalid-history}, {@code invalid-mode},
 * {@code invalid-budget} with the {@code field}); {@link #of} reads a request, whose absent parts take their defaults.
 */
public record AnswerCommand(String question, List<String> collections, @Nullable String memoryNamespace,
    List<HistoryMessage> history, String mode, int contextTokens, int maxAnswerTokens, int topK, int memoryTopK,
    int maxRounds, int maxWallMs, int maxTokens) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  static final Set<String> ROLES = Set.of("user", "assistant", "system");

  public AnswerCommand {
    question = question.strip();
    if (question.isEmpty()) {
      throw ProblemException.badRequest("invalid-question", "The question is empty.");
    }
    if (question.length() > AnswerLimits.MAX_QUESTION_CHARS) {
      throw ProblemException.badRequest("invalid-question", "The question has " + question.length()
          + " characters; at most " + AnswerLimits.MAX_QUESTION_CHARS + " are allowed.");
    }
    collections = collections(collections);
    memoryNamespace = memoryNamespace == null || memoryNamespace.isBlank() ? null : memoryNamespace;
    if (memoryNamespace != null && !NAME.matcher(memoryNamespace).matches()) {
      throw ProblemException.badRequest("invalid-memory-namespace",
          "Illegal memory namespace: '" + memoryNamespace + "'.");
    }
    if (collections.isEmpty() && memoryNamespace == null) {
      throw ProblemException.badRequest("no-sources", "Name at least one collection or a memory namespace to answer from.");
    }
    history = history(history);
    String known = mode.toLowerCase(Locale.ROOT);
    if (!known.equals("fast") && !known.equals("deep")) {
      throw ProblemException.badRequest("invalid-mode", "Unknown mode '" + mode + "'; known: fast, deep.");
    }
    mode = known;
    inRange("contextTokens", contextTokens, AnswerLimits.CONTEXT_TOKENS);
    inRange("maxAnswerTokens", maxAnswerTokens, AnswerLimits.ANSWER_TOKENS);
    inRange("topK", topK, AnswerLimits.TOP_K);
    inRange("memoryTopK", memoryTopK, AnswerLimits.TOP_K);
    inRange("maxRounds", maxRounds, AnswerLimits.ROUNDS);
    inRange("maxWallMs", maxWallMs, AnswerLimits.WALL_MS);
    inRange("maxTokens", maxTokens, AnswerLimits.TOKENS);
  }

  /**
   * The command for a request: an absent question is empty, absent collections and history are none, a blank
   * namespace is none, the mode is {@code fast} unless given, and each budget absent from the request is the
   * configured default ({@code engram.llm.answers.*}), which must be within its range too.
   */
  public static AnswerCommand of(AnswerRequest request, AnswerLimits limits) {
    AnswerRequest.Budget b = request.budget() == null
        ? new AnswerRequest.Budget(null, null, null, null, null, null, null) : request.budget();
    return new AnswerCommand(request.question() == null ? "" : request.question(),
        request.collections() == null ? List.of() : request.collections(), request.memoryNamespace(),
        request.history() == null ? List.of() : request.history(), request.mode() == null ? "fast" : request.mode(),
        or(b.contextTokens(), limits.contextTokens()), or(b.maxAnswerTokens(), limits.maxAnswerTokens()),
        or(b.topK(), limits.topK()), or(b.memoryTopK(), limits.memoryTopK()), or(b.maxRounds(), limits.maxRounds()),
        or(b.maxWallMs(), limits.maxWallMs()), or(b.maxTokens(), limits.maxTokens()));
  }

  /** Deep search (iterative rounds) rather than one retrieval round. */
  public boolean deep() {
    return mode.equals("deep");
  }

  private static List<String> collections(List<String> collections) {
    if (collections.size() > AnswerLimits.MAX_COLLECTIONS) {
      throw ProblemException.badRequest("invalid-collections", "At most " + AnswerLimits.MAX_COLLECTIONS
          + " collections per question; got " + collections.size() + ".");
    }
    for (String c : collections) {
      if (c == null || !NAME.matcher(c).matches()) {
        throw ProblemException.badRequest("invalid-collections", "Illegal collection name: '" + c + "'.");
      }
    }
    return List.copyOf(new LinkedHashSet<>(collections));
  }

  private static List<HistoryMessage> history(List<HistoryMessage> history) {
    if (history.size() > AnswerLimits.MAX_HISTORY) {
      throw ProblemException.badRequest("invalid-history", "At most " + AnswerLimits.MAX_HISTORY
          + " history messages; got " + history.size() + ".");
    }
    List<HistoryMessage> clean = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      HistoryMessage h = history.get(i);
      if (h == null || h.role() == null || !ROLES.contains(h.role().toLowerCase(Locale.ROOT))) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].role must be one of " + ROLES + ".");
      }
      if (h.content() == null || h.content().isBlank()) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].content is empty.");
      }
      if (h.content().length() > AnswerLimits.MAX_HISTORY_CHARS) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].content is longer than "
            + AnswerLimits.MAX_HISTORY_CHARS + " characters.");
      }
      clean.add(new HistoryMessage(h.role().toLowerCase(Locale.ROOT), h.content()));
    }
    return List.copyOf(clean);
  }

  private static int or(@Nullable Integer given, int fallback) {
    return given == null ? fallback : given;
  }

  private static void inRange(String name, int value, int[] range) {
    if (value < range[0] || value > range[1]) {
      throw ProblemException.badRequest("invalid-budget", "budget." + name + " = " + value + " is outside ["
          + range[0] + ", " + range[1] + "].").with("field", "budget." + name);
    }
  }
}
