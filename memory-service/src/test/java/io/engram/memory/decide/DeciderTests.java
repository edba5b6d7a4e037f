package io.engram.memory.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.decide.Neighbours.Near;
import io.engram.memory.extract.Signature;
import io.engram.memory.extract.Stage;
import io.engram.memory.extract.Statement;
import io.engram.memory.extract.Terms;
import io.engram.memory.extract.Values;
import io.engram.memory.item.MemoryItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The offline rules on given neighbours and cosines (the vectors' part is measured by scripts/calibrate-merge). */
class DeciderTests {

  final Decider decider = new Decider(0.85, 0.8, 0.5, 0.7);
  static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant JUL = Instant.parse("2024-07-01T00:00:00Z");

  static MemoryItem item(String statement, Instant validFrom) {
    return new MemoryItem(UUID.nameUUIDFromBytes(statement.getBytes()), "ns", "fact", statement, null, null, null, null, null,
        null, String.join(" ", Terms.of(statement)), Terms.of(statement), validFrom, null, validFrom, null, 1, 0, 1, false, false,
        10);
  }

  static Near near(String statement, Instant validFrom, double cosine, double frameCosine) {
    return new Near(item(statement, validFrom), cosine, frameCosine, Signature.of(statement));
  }

  Decision decide(String text, Instant time, Near... nearest) {
    Statement s = Statement.plain(text, "fact", Values.numbers(text), Values.dates(text));
    return decider.decide(s, Signature.of(text), Terms.of(text), time, new Neighbours(Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(nearest)));
  }

  @Test
  void whenAStatementSaysTheSameInOtherWordsThenItMerges() {
    Decision d = decide("Acme has appointed Jane Doe as chief executive.", JUL,
        near("Acme named Jane Doe its chief executive.", JAN, 0.91, 0.9));
    assertThat(d).isInstanceOf(Decision.Merge.class);
  }

  @Test
  void whenOnlyTheFigureDiffersThenItNeverMergesButSupersedes() {
    Decision d = decide("Brightwater's revenue was $4.5bn.", JUL, near("Brightwater's revenue was $4.2bn.", JAN, 0.97, 0.99));
    assertThat(d).isInstanceOf(Decision.Supersede.class);
    assertThat(d.reason()).contains("figure");
  }

  @Test
  void whenTheSameQuarterIsReportedAYearLaterThenItIsAnotherYearsFigureNotAChange() {
    Instant nextApril = Instant.parse("2025-04-20T00:00:00Z");
    Instant april = Instant.parse("2024-04-20T00:00:00Z");
    Instant may = Instant.parse("2024-05-10T00:00:00Z");
    assertThat(decide("Brightwater reported first-quarter revenue of $4.6 billion.", nextApril,
        near("Brightwater reported first-quarter revenue of $4.2 billion.", april, 0.95, 0.99)))
        .isInstanceOf(Decision.Add.class);
    assertThat(decide("启明乳业一季度营收13.4亿元。", nextApril, near("启明乳业一季度营收12.5亿元。", april, 0.95, 0.99)))
        .isInstanceOf(Decision.Add.class);
    // weeks apart, the same quarter is the same one: a revised figure supersedes
    assertThat(decide("Brightwater reported first-quarter revenue of $4.6 billion.", may,
        near("Brightwater reported first-quarter revenue of $4.2 billion.", april, 0.95, 0.99)))
        .isInstanceOf(Decision.Supersede.class);
    // and a year stated by both says it is one quarter, whenever reported
    assertThat(decide("Brightwater's 2024 first-quarter revenue was $4.6 billion.", nextApril,
        near("Brightwater's 2024 first-quarter revenue was $4.2 billion.", april, 0.95, 0.99)))
        .isInstanceOf(Decision.Supersede.class);
  }

  @Test
  void whenARatingGainsOrLosesItsGradeSignThenItIsAnotherRating() {
    assertThat(Signature.of("Northbridge affirmed Tessaly at BBB+.").compatibleWith(Signature.of("Northbridge cut Tessaly to BBB.")))
        .isFalse();
    assertThat(decide("【快讯】嘉程置业遭北岳评级下调至AA。", JUL, near("【快讯】北岳评级维持嘉程置业AA+主体评级。", JAN, 0.9, 0.9)))
        .isNotInstanceOf(Decision.Merge.class).isNotInstanceOf(Decision.Noop.class);
  }

  @Test
  void whenAnotherPersonFillsTheSameRoleThenTheLaterSupersedesAndTheEarlierArrivesClosed() {
    Near current = near("Acme named Jane Doe its chief executive.", JAN, 0.8, 0.95);
    assertThat(decide("Acme named John Smith its chief executive.", JUL, current)).isInstanceOf(Decision.Supersede.class);
    Decision late = decide("Acme named John Smith its chief executive.", Instant.parse("2023-06-01T00:00:00Z"), current);
    assertThat(late).isInstanceOfSatisfying(Decision.Add.class, a -> assertThat(a.closedBy()).isNotNull());
  }

  @Test
  void whenAReportInOtherWordsGivesARoleToAnotherHolderThenItSupersedesTheAppointment() {
    // different frames and relation words: only the role, the subject and the holders tell that this is a change
    Near appointment = near("Halvorsen Marine Group appointed Ingrid Lundqvist as chief executive officer, effective April 1, "
        + "succeeding Knut Aasland.", JAN, 0.45, 0.3);
    Near speech = near("Halvorsen Marine chief executive Ingrid Lundqvist told an industry conference in Hamburg that the group "
        + "would present a fleet-renewal plan to its board before year-end.", JAN, 0.4, 0.2);
    Decision d = decide("Halvorsen Marine Group named Claire Dubois, a former chief operating officer of French container line "
        + "Compagnie Maritime Varenne, as chief executive effective March 1.", JUL, speech, appointment);
    assertThat(d).isInstanceOfSatisfying(Decision.Supersede.class, s -> {
      assertThat(s.older().statement()).contains("appointed Ingrid Lundqvist");
      assertThat(s.alsoEnds()).isEmpty(); // the speech happened; it stays
      assertThat(s.reason()).contains("chief executive").contains("claire dubois");
    });
    // an acronym for the same role; a holder given a role twice is no change; another subject is no change
    assertThat(decide("Acme named John Smith CEO.", JUL, near("Acme appointed Jane Doe as chief executive officer.", JAN, 0.5, 0.4)))
        .isInstanceOf(Decision.Supersede.class);
    assertThat(decide("Acme said chief executive Jane Doe will also chair the board.", JUL,
        near("Acme appointed Jane Doe as chief executive officer.", JAN, 0.5, 0.4))).isNotInstanceOf(Decision.Supersede.class);
    assertThat(decide("Globex named John Smith CEO.", JUL, near("Acme appointed Jane Doe as chief executive officer.", JAN, 0.5,
        0.4))).isInstanceOf(Decision.Add.class);
    // a ticket number is not a role holder; one loose word ("chief") is not a role
    assertThat(decide("Agent has opened a billing dispute, ticket MB-20931, for Dana.", JUL,
        near("Agent has opened ticket LB-48213 for Dana.", JAN, 0.6, 0.5))).isInstanceOf(Decision.Add.class);
    assertThat(decide("Halvorsen interim chief Rahul Mehta will return to his role as finance director.", JUL,
        near("Halvorsen named Claire Dubois as chief executive.", JAN, 0.5, 0.4))).isInstanceOf(Decision.Add.class);
  }

  @Test
  void whenStatementsShareNoSubjectOrDifferInTwoPlacesThenBothStay() {
    // another company: no shared anchor
    assertThat(decide("Globex named John Smith its chief executive.", JUL, near("Acme named Jane Doe its chief executive.", JAN,
        0.8, 0.95))).isInstanceOf(Decision.Add.class);
    // two appointments to two roles on one day: two names differ on each side
    assertThat(decide("Northvale named Amara Osei chief financial officer and CFO.", JUL,
        near("Northvale named Daniel Reyes chief risk officer and CRO.", JAN, 0.8, 0.9))).isInstanceOf(Decision.Add.class);
    // figures of two periods
    assertThat(decide("Brightwater's Q2 revenue was $4.5bn.", JUL, near("Brightwater's Q1 revenue was $4.2bn.", JAN, 0.95, 0.99)))
        .isInstanceOf(Decision.Add.class);
  }

  @Test
  void whenAStatementAddsNothingToANearItemThenItMerges() {
    Decision d = decide("ACME TO BUY BETA FOR $6.8 BLN.", JUL,
        near("Acme agreed to buy Beta Semiconductor for $6.8 billion in cash.", JAN, 0.75, 0.6));
    assertThat(d).isInstanceOf(Decision.Merge.class);
    assertThat(decide("Acme agreed to buy Beta Semiconductor for $7.1 billion in cash.", JUL,
        near("Acme agreed to buy Beta Semiconductor for $6.8 billion in cash.", JAN, 0.75, 0.6))).isNotInstanceOf(Decision.Merge.class);
  }

  @Test
  void whenAHeadlineStatesThreeValuesAStoryHoldsThenItMergesEvenFarFromTheStoryAsAWholeText() {
    Near story = near("Greywell Pharma cut its 2023 revenue forecast to $7.55 billion to $7.7 billion on Thursday after "
        + "third-quarter sales fell to $1.88 billion, blaming a slower ramp-up at its new Greenville plant.", JAN, 0.55, 0.4);
    assertThat(decide("GREYWELL TRIMS 2023 OUTLOOK AS Q3 REVENUE SLIPS TO $1.88 BLN", JUL, story)).isInstanceOf(Decision.Merge.class);
    // below the value-rich bar, or with a value the story lacks, it stays
    Near far = near(story.item().statement(), JAN, 0.45, 0.4);
    assertThat(decide("GREYWELL TRIMS 2023 OUTLOOK AS Q3 REVENUE SLIPS TO $1.88 BLN", JUL, far)).isInstanceOf(Decision.Add.class);
    assertThat(decide("GREYWELL TRIMS 2023 OUTLOOK AS Q3 REVENUE SLIPS TO $1.91 BLN", JUL, story))
        .isNotInstanceOf(Decision.Merge.class);
  }

  @Test
  void whenAShorterReportWritesTheSameFiguresAnotherWayThenItAddsNothing() {
    // "$3.4bn" is one term, "$3.4 billion" two: the figures agree, so their terms count as held
    Near budget = near("The Harlow city council approved a 2025 transport budget of $3.4 billion to $3.6 billion.", JAN, 0.62, 0.5);
    assertThat(decide("For 2025 it is setting aside between $3.4bn and $3.6bn.", JUL, budget)).isInstanceOf(Decision.Merge.class);
    // another figure is not held: the guard on figures still decides
    assertThat(decide("For 2025 it is setting aside between $3.4bn and $3.9bn.", JUL, budget))
        .isNotInstanceOf(Decision.Merge.class);
    // figures held but most words new: the report says more than the item
    assertThat(decide("For 2025 the council will fund new tram lines, cycle lanes, bus depots and station lifts with $3.4bn"
        + " to $3.6bn.", JUL, budget)).isNotInstanceOf(Decision.Merge.class);
  }

  @Test
  void aFigureWithItsUnitWrittenOnIsReadAsItsNumber() {
    assertThat(Decider.numberOf("4.9bn")).isEqualTo("4.9");
    assertThat(Decider.numberOf("45p")).isEqualTo("45");
    assertThat(Decider.numberOf("1,200k")).isEqualTo("1,200");
    assertThat(Decider.numberOf("q3")).isEqualTo("q3");
    assertThat(Decider.numberOf("2025")).isEqualTo("2025");
  }

  @Test
  void whenAHeadlineMentionsANameTheStoryLacksThenItDoesNotMergeIntoIt() {
    Near story = near("Orrin Biosciences said the FDA has set an Aug. 25 action date for Nexadrol, its insomnia pill.", JAN,
        0.72, 0.5);
    Near partner = near("Greywell Pharma signed a deal with Orrin in January.", JAN, 0.4, 0.3);
    // GREYWELL is a name of the store (another item names Greywell Pharma), not held by the story: the headline says more
    assertThat(decide("ORRIN'S NEXADROL UNDER FDA REVIEW, DECISION DUE AUG 25; GREYWELL WILL CO-PROMOTE", JUL, story, partner))
        .isNotInstanceOf(Decision.Merge.class);
    assertThat(decide("ORRIN'S NEXADROL UNDER FDA REVIEW, DECISION DUE AUG 25", JUL, story, partner))
        .isInstanceOf(Decision.Merge.class);
  }

  @Test
  void whenAStatementOfTheSameMeaningAddsAFigureThenItIsNotMergedAway() {
    Near forecast = near("Greywell Pharma Corp expects revenue of $7.45 billion to $7.6 billion.", JAN, 0.9, 0.8);
    assertThat(decide("Greywell Pharma Corp reported first-quarter revenue of $1.82 billion and reaffirmed its forecast of "
        + "$7.45 billion to $7.6 billion.", JUL, forecast)).isNotInstanceOf(Decision.Merge.class);
    assertThat(decide("Greywell Pharma Corp expects revenue of $7.45 billion to $7.6 billion this year.", JUL, forecast))
        .isInstanceOf(Decision.Merge.class);
  }

  @Test
  void whenTheOldHolderOfARoleIsOnlyWhoSaidSomethingThenANewHolderDoesNotEndIt() {
    Near reported = near("Bayridge Health System posted operating revenue of $1.95 billion for its third quarter, interim chief "
        + "executive Daniel Whitcombe said.", JAN, 0.5, 0.3);
    assertThat(decide("Bayridge Health System named Priya Raghunathan as chief executive.", JUL, reported))
        .isInstanceOf(Decision.Add.class);
    Near appointed = near("Bayridge Health System named Daniel Whitcombe as interim chief executive.", JAN, 0.6, 0.5);
    assertThat(decide("Bayridge Health System named Priya Raghunathan as chief executive.", JUL, appointed))
        .isInstanceOf(Decision.Supersede.class);
  }

  @Test
  void whenADateHoldsACommaThenTheMainClauseKeepsTheWholeDate() {
    assertThat(Decider.mainClause("Project Orion's launch date moved to August 23, 2024, the team said."))
        .isEqualTo("Project Orion's launch date moved to August 23, 2024");
  }

  @Test
  void whenTheSameDealIsReportedAtALaterStageThenTheLaterSupersedesInsteadOfMerging() {
    // a city and a bus maker: the agreement, then the completed purchase, close in words and values
    Decision d = decide("Port Ellery has completed its purchase of 40 electric buses from Kestrel Motors.", JUL,
        near("Port Ellery agreed to buy 40 electric buses from Kestrel Motors.", JAN, 0.88, 0.9));
    assertThat(d).isInstanceOf(Decision.Supersede.class);
    assertThat(((Decision.Supersede) d).reason()).contains("completed").contains("agreed");
    // a late report of the earlier stage is added closed where the later one begins
    Decision late = decide("Port Ellery agreed to buy 40 electric buses from Kestrel Motors.", JAN,
        near("Port Ellery has completed its purchase of 40 electric buses from Kestrel Motors.", JUL, 0.88, 0.9));
    assertThat(late).isInstanceOf(Decision.Add.class);
    assertThat(((Decision.Add) late).closedBy()).isNotNull();
  }

  @Test
  void whenAPlanIsCalledOffThenItIsAChangeButAnExpectedLaterStageIsNot() {
    Decision scrapped = decide("The Vardø ferry link was scrapped by the county council.", JUL,
        near("The county council approved the Vardø ferry link.", JAN, 0.86, 0.9));
    assertThat(scrapped).isInstanceOf(Decision.Supersede.class);
    // "expects to complete" reports the agreement, not a completion: the same stage, so it still merges
    Decision same = decide("Port Ellery agreed to buy 40 electric buses from Kestrel Motors and expects to complete the purchase in May.",
        JUL, near("Port Ellery agreed to buy 40 electric buses from Kestrel Motors.", JAN, 0.9, 0.9));
    assertThat(same).isNotInstanceOf(Decision.Supersede.class);
    assertThat(Stage.of("Kestrel Motors expects to complete the deal in May.")).isEmpty();
    assertThat(Stage.of("它已完成收购。")).isEmpty();
  }
}
