package io.engram.llm.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.engram.llm.source.HistoryMessage;
import io.engram.support.web.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/**
 * An answer request checks itself into a command: every bad input is the 400 problem (type, detail, field) that the
 * answer endpoints, chat completions and the MCP tool answer with, and a good one comes out normalized.
 */
class AnswerCommandTests {

  private static final AnswerLimits LIMITS = new AnswerLimits(null, null, null, null, null, null, null, null);

  private static AnswerCommand command(AnswerRequest request) {
    return AnswerCommand.of(request, LIMITS);
  }

  private static AnswerRequest request(@Nullable String question, @Nullable List<String> collections,
      @Nullable String namespace, @Nullable List<HistoryMessage> history, @Nullable String mode,
      AnswerRequest.@Nullable Budget budget) {
    return new AnswerRequest(question, collections, namespace, history, mode, null, budget);
  }

  private static AnswerRequest asking(String question) {
    return request(question, List.of("kb"), null, null, null, null);
  }

  private static AnswerRequest.Budget budget(@Nullable Integer contextTokens, @Nullable Integer maxAnswerTokens,
      @Nullable Integer topK, @Nullable Integer memoryTopK, @Nullable Integer maxRounds, @Nullable Integer maxWallMs,
      @Nullable Integer maxTokens) {
    return new AnswerRequest.Budget(contextTokens, maxAnswerTokens, topK, memoryTopK, maxRounds, maxWallMs, maxTokens);
  }

  private static ProblemDetail problem(AnswerRequest request) {
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> command(request));
    assertThat(e).as("a problem for %s", request).isNotNull();
    assertThat(e.getStatusCode().value()).isEqualTo(400);
    return e.getBody();
  }

  private static void assertProblem(AnswerRequest request, String slug, String detail) {
    ProblemDetail problem = problem(request);
    assertThat(problem.getType()).hasToString("https://engram.dev/problems/" + slug);
    assertThat(problem.getDetail()).isEqualTo(detail);
  }

  @Test
  void whenTheQuestionIsAbsentOrBlankThenInvalidQuestion() {
    assertProblem(asking("  \n "), "invalid-question", "The question is empty.");
    assertProblem(request(null, List.of("kb"), null, null, null, null), "invalid-question", "The question is empty.");
  }

  @Test
  void whenTheQuestionIsTooLongThenInvalidQuestionWithTheLimit() {
    assertProblem(asking("q".repeat(8_001)), "invalid-question",
        "The question has 8001 characters; at most 8000 are allowed.");
    // the length counts after stripping
    assertThat(command(asking("  " + "q".repeat(8_000) + "  ")).question()).hasSize(8_000);
  }

  @Test
  void whenTooManyCollectionsThenInvalidCollections() {
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("c" + i);
    }
    assertProblem(request("q?", eleven, null, null, null, null), "invalid-collections",
        "At most 10 collections per question; got 11.");
  }

  @Test
  void whenACollectionNameIsIllegalOrNullThenInvalidCollectionsNamingIt() {
    assertProblem(request("q?", List.of("kb", "../etc"), null, null, null, null), "invalid-collections",
        "Illegal collection name: '../etc'.");
    assertProblem(request("q?", Arrays.asList("kb", null), null, null, null, null), "invalid-collections",
        "Illegal collection name: 'null'.");
    assertProblem(request("q?", List.of("x".repeat(129)), null, null, null, null), "invalid-collections",
        "Illegal collection name: '" + "x".repeat(129) + "'.");
  }

  @Test
  void whenTheMemoryNamespaceIsIllegalThenInvalidMemoryNamespace() {
    assertProblem(request("q?", null, "a b", null, null, null), "invalid-memory-namespace",
        "Illegal memory namespace: 'a b'.");
  }

  @Test
  void whenNeitherACollectionNorANamespaceThenNoSources() {
    String detail = "Name at least one collection or a memory namespace to answer from.";
    assertProblem(request("q?", null, null, null, null, null), "no-sources", detail);
    assertProblem(request("q?", List.of(), "  ", null, null, null), "no-sources", detail);
  }

  @Test
  void whenHistoryIsTooLongThenInvalidHistory() {
    List<HistoryMessage> history = Collections.nCopies(51, new HistoryMessage("user", "hi"));
    assertProblem(request("q?", List.of("kb"), null, history, null, null), "invalid-history",
        "At most 50 history messages; got 51.");
  }

  @Test
  void whenAHistoryMessageIsBadThenInvalidHistoryNamingItsIndex() {
    HistoryMessage ok = new HistoryMessage("user", "hi");
    assertProblem(request("q?", List.of("kb"), null, List.of(ok, new HistoryMessage("wizard", "hi")), null, null),
        "invalid-history", "history[1].role must be one of " + AnswerCommand.ROLES + ".");
    assertProblem(request("q?", List.of("kb"), null, Arrays.asList(ok, null), null, null),
        "invalid-history", "history[1].role must be one of " + AnswerCommand.ROLES + ".");
    assertProblem(request("q?", List.of("kb"), null, List.of(new HistoryMessage("user", " ")), null, null),
        "invalid-history", "history[0].content is empty.");
    assertProblem(request("q?", List.of("kb"), null, List.of(new HistoryMessage("user", "x".repeat(32_001))), null,
        null), "invalid-history", "history[0].content is longer than 32000 characters.");
  }

  @Test
  void whenTheModeIsUnknownThenInvalidModeNamingTheKnownOnes() {
    assertProblem(request("q?", List.of("kb"), null, null, "Turbo", null), "invalid-mode",
        "Unknown mode 'Turbo'; known: fast, deep.");
  }

  @Test
  void whenABudgetIsOutsideItsRangeThenInvalidBudgetNamingFieldAndRange() {
    record Case(AnswerRequest.Budget budget, String field, String detail) {
    }
    List<Case> cases = List.of(
        new Case(budget(63, null, null, null, null, null, null), "budget.contextTokens",
            "budget.contextTokens = 63 is outside [64, 128000]."),
        new Case(budget(null, 16_385, null, null, null, null, null), "budget.maxAnswerTokens",
            "budget.maxAnswerTokens = 16385 is outside [16, 16384]."),
        new Case(budget(null, null, 0, null, null, null, null), "budget.topK", "budget.topK = 0 is outside [1, 100]."),
        new Case(budget(null, null, null, 101, null, null, null), "budget.memoryTopK",
            "budget.memoryTopK = 101 is outside [1, 100]."),
        new Case(budget(null, null, null, null, 9, null, null), "budget.maxRounds",
            "budget.maxRounds = 9 is outside [1, 8]."),
        new Case(budget(null, null, null, null, null, 99, null), "budget.maxWallMs",
            "budget.maxWallMs = 99 is outside [100, 300000]."),
        new Case(budget(null, null, null, null, null, null, 2_000_001), "budget.maxTokens",
            "budget.maxTokens = 2000001 is outside [100, 2000000]."));
    for (Case c : cases) {
      AnswerRequest request = request("q?", List.of("kb"), null, null, null, c.budget());
      assertProblem(request, "invalid-budget", c.detail());
      assertThat(problem(request).getProperties()).containsEntry("field", c.field());
    }
  }

  @Test
  void whenAConfiguredDefaultIsOutsideItsRangeThenTheRequestWithoutThatBudgetIsInvalid() {
    AnswerLimits limits = new AnswerLimits(10, null, null, null, null, null, null, null);
    ProblemException e = catchThrowableOfType(ProblemException.class,
        () -> AnswerCommand.of(asking("q?"), limits));
    assertThat(e.getBody().getDetail()).isEqualTo("budget.contextTokens = 10 is outside [64, 128000].");
  }

  @Test
  void whenSeveralThingsAreWrongThenTheFirstInRequestOrderIsReported() {
    // question before collections before mode before budgets
    assertProblem(request(" ", List.of("../etc"), null, null, "turbo", budget(0, null, null, null, null, null, null)),
        "invalid-question", "The question is empty.");
    assertProblem(request("q?", List.of("../etc"), null, null, "turbo", budget(0, null, null, null, null, null, null)),
        "invalid-collections", "Illegal collection name: '../etc'.");
    assertProblem(request("q?", List.of("kb"), null, List.of(new HistoryMessage("bot", "hi")), "turbo", null),
        "invalid-history", "history[0].role must be one of " + AnswerCommand.ROLES + ".");
    assertProblem(request("q?", List.of("kb"), null, null, "turbo", budget(0, null, null, null, null, null, null)),
        "invalid-mode", "Unknown mode 'turbo'; known: fast, deep.");
    assertProblem(request("q?", List.of("kb"), null, null, null, budget(0, 0, null, null, null, null, null)),
        "invalid-budget", "budget.contextTokens = 0 is outside [64, 128000].");
  }

  @Test
  void aGoodRequestComesOutNormalizedWithTheConfiguredDefaults() {
    AnswerCommand command = command(request("  Who founded it?  ", List.of("kb", "docs", "kb"), " ",
        List.of(new HistoryMessage("USER", "Tell me about Acme."), new HistoryMessage("Assistant", "A company.")),
        "DEEP", budget(null, 256, null, null, 2, null, null)));
    assertThat(command.question()).isEqualTo("Who founded it?");
    assertThat(command.collections()).containsExactly("kb", "docs");
    assertThat(command.memoryNamespace()).isNull();
    assertThat(command.history()).containsExactly(new HistoryMessage("user", "Tell me about Acme."),
        new HistoryMessage("assistant", "A company."));
    assertThat(command.deep()).isTrue();
    assertThat(command.contextTokens()).isEqualTo(3000);
    assertThat(command.maxAnswerTokens()).isEqualTo(256);
    assertThat(command.topK()).isEqualTo(10);
    assertThat(command.memoryTopK()).isEqualTo(5);
    assertThat(command.maxRounds()).isEqualTo(2);
    assertThat(command.maxWallMs()).isEqualTo(20_000);
    assertThat(command.maxTokens()).isEqualTo(20_000);
  }

  @Test
  void aNamespaceAloneIsEnoughAndTheModeDefaultsToFast() {
    AnswerCommand command = command(request("q?", null, "user-42", null, null, null));
    assertThat(command.collections()).isEmpty();
    assertThat(command.memoryNamespace()).isEqualTo("user-42");
    assertThat(command.history()).isEmpty();
    assertThat(command.deep()).isFalse();
  }
}
