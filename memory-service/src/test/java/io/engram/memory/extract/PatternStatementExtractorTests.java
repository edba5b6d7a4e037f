package io.engram.memory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternStatementExtractorTests {

  private final PatternStatementExtractor extractor = new PatternStatementExtractor();

  private List<Statement> read(String text) {
    return extractor.extract(new EventText("note", text, null, null));
  }

  private Statement one(String text) {
    List<Statement> s = read(text);
    assertThat(s).hasSize(1);
    return s.getFirst();
  }

  @Test
  void whenPossessiveCopulaThenSubjectAttributeValue() {
    Statement s = one("Alice Moreno's city is Lisbon.");
    assertThat(s.subjectKey()).isEqualTo(Terms.key("Alice Moreno"));
    assertThat(s.attributeKey()).isEqualTo("location");
    assertThat(s.valueKey()).isEqualTo(Terms.key("Lisbon"));
  }

  @Test
  void whenDifferentShapesNameTheSameSlotThenSameKeys() {
    Statement a = one("The city of Alice Moreno is Porto.");
    Statement b = one("Alice Moreno moved to Porto last week, she said.");
    Statement c = one("Update: Alice Moreno now lives in Porto.");
    assertThat(List.of(a, b, c)).extracting(Statement::subjectKey).containsOnly(Terms.key("Alice Moreno"));
    assertThat(List.of(a, b, c)).extracting(Statement::attributeKey).containsOnly("location");
    assertThat(List.of(a, b, c)).extracting(Statement::valueKey).containsOnly(Terms.key("Porto"));
  }

  @Test
  void whenNumbersAreWrittenDifferentlyThenOneValue() {
    Statement a = one("The budget of Project Falcon is $4.2 million.");
    Statement b = one("Project Falcon's budget is 4,200,000 dollars.");
    Statement c = one("Project Falcon has a budget of 4200000 USD");
    assertThat(List.of(a, b, c)).extracting(Statement::valueKey).containsOnly("4200000");
    assertThat(List.of(a, b, c)).extracting(Statement::attributeKey).containsOnly("budget");
  }

  @Test
  void whenDatesAreWrittenDifferentlyThenOneValue() {
    assertThat(one("The launch date of Orion is March 5, 2024.").valueKey()).isEqualTo("2024-03-05");
    assertThat(one("Orion's launch date is 5 March 2024.").valueKey()).isEqualTo("2024-03-05");
    assertThat(one("Orion's launch date: 2024-03-05").valueKey()).isEqualTo("2024-03-05");
    Statement moved = one("Orion's launch date moved to April 2, 2024.");
    assertThat(moved.attributeKey()).isEqualTo(Terms.key("launch date"));
    assertThat(moved.subjectKey()).isEqualTo(Terms.key("Orion"));
    assertThat(one("Orion's team moved to Oslo.").attributeKey()).isEqualTo("location");
  }

  @Test
  void whenPronounFollowsANamedSubjectThenItResolvesWithinTheEvent() {
    List<Statement> s = read("Bob Chen's employer is Initech. Last month he moved to Denver.");
    assertThat(s).hasSize(2);
    // "Last month he moved" starts with a time phrase: no slot, but the first one names the subject
    assertThat(s.getFirst().subjectKey()).isEqualTo(Terms.key("Bob Chen"));
    List<Statement> t = read("Bob Chen's employer is Initech. He moved to Denver.");
    assertThat(t.get(1).subjectKey()).isEqualTo(Terms.key("Bob Chen"));
    assertThat(t.get(1).text()).isEqualTo("Bob Chen moved to Denver.");
  }

  @Test
  void whenFirstPersonThenTheUserIsTheSubject() {
    Statement s = one("My favorite color is green.");
    assertThat(s.subjectKey()).isEqualTo(Terms.key("the user"));
    assertThat(s.attributeKey()).isEqualTo(Terms.key("favorite color"));
    assertThat(one("I moved to Berlin in 2021.").attributeKey()).isEqualTo("location");
  }

  @Test
  void whenNoShapeMatchesThenAPlainFactOrNothing() {
    Statement s = one("The committee approved the new recycling policy after a long debate.");
    assertThat(s.hasSlot()).isFalse();
    assertThat(read("Thanks, sounds good!")).isEmpty();
    assertThat(read("What is the capital of France?")).isEmpty();
  }

  @Test
  void whenInteractionThenAnEpisodeAndFactsFromTheAnswer() {
    List<Statement> s = extractor.extract(new EventText("interaction", null, "Where is the Oslo office now?",
        "The Oslo office moved to Bergen in May."));
    assertThat(s).extracting(Statement::kind).containsExactly("episode", "fact");
    assertThat(s.get(1).attributeKey()).isEqualTo("location");
    assertThat(s.get(1).valueKey()).isEqualTo(Terms.key("Bergen"));
  }

  /**
   * A hand-written, non-synthetic log (dialogue and news lines, not the eval generator's templates): every line
   * either yields a sensible slot or a plain fact, and chit-chat yields nothing.
   */
  @Test
  void whenARealisticLogIsReadThenItsStatementsAreSensible() {
    String log = """
        Hi! Quick question before the meeting.
        Our CFO, Dana Whitfield, said the quarterly revenue was 12.5 million euros.
        Actually, Dana Whitfield's title is now Chief Operating Officer.
        The city council voted 7 to 2 to extend the tram line to the airport.
        Acme Corp employs 1,200 people.
        Acme Corp has 1,350 employees after the merger.
        The Riverside bridge will be closed for repairs until June 30, 2025.
        ok thanks
        """;
    List<Statement> s = read(log);
    assertThat(s).extracting(Statement::text).noneMatch(t -> t.toLowerCase().startsWith("ok thanks"))
        .noneMatch(t -> t.startsWith("Hi"));
    Statement title = s.stream().filter(x -> "title".equals(x.attributeKey())).findFirst().orElseThrow();
    assertThat(title.subjectKey()).isEqualTo(Terms.key("Dana Whitfield"));
    List<Statement> headcount = s.stream().filter(x -> "headcount".equals(x.attributeKey())).toList();
    assertThat(headcount).extracting(Statement::valueKey).containsExactly("1200", "1350");
    assertThat(headcount).extracting(Statement::subjectKey).containsOnly(Terms.key("Acme Corp"));
    assertThat(s).anyMatch(x -> !x.hasSlot() && x.text().contains("tram line"));
    assertThat(s).anyMatch(x -> x.dates().contains("2025-06-30"));
  }

  @Test
  void whenAReportIsReadThenAbbreviationsEndNoSentenceANameOpensItAndItsSourceLineIsAttribution() {
    assertThat(PatternStatementExtractor.sentences("Bayridge named Dr. Priya Raghunathan chief executive. The U.S. Food and "
        + "Drug Administration approved it. It moved to Rome. The rest followed."))
        .containsExactly("Bayridge named Dr. Priya Raghunathan chief executive.", "The U.S. Food and Drug Administration approved it.",
            "It moved to Rome.", "The rest followed.");
    List<Statement> s = read("Pellworth, which has kept its head office on LaSalle Street since 1952, told employees that two "
        + "claims offices will shut by the summer. The insurer did not say whether further cuts were planned. (The Harbour Ledger)");
    assertThat(s).extracting(Statement::text).containsExactly(
        "Pellworth, which has kept its head office on LaSalle Street since 1952, told employees that two claims offices will "
            + "shut by the summer.",
        "The insurer did not say whether further cuts were planned.");
  }

  @Test
  void whenAReportSentenceOpensWithAPronounThenThePersonItLastGaveARoleTakesItsPlace() {
    List<Statement> s = read("Bayridge Health System named Dr. Priya Raghunathan as chief executive. She takes over on Nov. 6 "
        + "from interim chief Daniel Whitcombe.");
    assertThat(s).extracting(Statement::text).contains("Priya Raghunathan takes over on Nov. 6 from interim chief Daniel "
        + "Whitcombe.");
  }
}
