package io.engram.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.extract.Signature;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.MemoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two reports of one thing at different times ({@link MemoryRecaller#competing}: close vectors, a shared name, other
 * figures): the later ranks above the earlier; in the present it takes the earlier's place only by pushing the earlier
 * down, at a past time it rises to the earlier's place.
 */
class NewestFirstTests {

  static final String EARLIER = "Lena Park pays 1,450 euros a month in rent for her flat on Kastanienallee in Berlin.";
  static final String LATER = "From March, the landlord of the Kastanienallee flat charges Lena Park 1,600 euros a month.";
  static final String OTHER = "Lena Park booked flights to Lisbon for a design conference in March 2024.";

  static MemoryRecaller.Candidate candidate(String statement, String validFrom, long seq, double score, String vector) {
    Instant from = Instant.parse(validFrom);
    MemoryItem item = new MemoryItem(UUID.nameUUIDFromBytes(statement.getBytes()), "ns", "fact", statement, null, null, null,
        null, null, null, String.join(" ", Terms.of(statement)), Terms.of(statement), from, null, from, null, 1, 0, seq, false,
        false, 10);
    MemoryRecaller.Candidate c = new MemoryRecaller.Candidate(item, seq, score, vector);
    c.score = score;
    return c;
  }

  /** The earlier report first (it holds the question's words), an unrelated line, then the later report. */
  static List<MemoryRecaller.Candidate> ranked() {
    return new ArrayList<>(List.of(
        candidate(EARLIER, "2024-01-05T10:00:00Z", 1, 0.60, "[1,0,0]"),
        candidate(OTHER, "2024-03-10T10:00:00Z", 3, 0.40, "[0,1,0]"),
        candidate(LATER, "2024-02-20T10:00:00Z", 2, 0.30, "[0.9,0.2,0]")));
  }

  static List<String> order(List<MemoryRecaller.Candidate> ranked) {
    return ranked.stream().sorted(Comparator.comparingDouble((MemoryRecaller.Candidate c) -> c.score).reversed())
        .map(c -> c.item.statement()).toList();
  }

  @Test
  void theTwoReportsCompete() {
    List<MemoryRecaller.Candidate> r = ranked();
    assertThat(MemoryRecaller.competing(r.get(0), r.get(2))).isTrue();
    assertThat(MemoryRecaller.competing(r.get(0), r.get(1))).isFalse();
  }

  @Test
  void atAPastTimeTheLaterReportRisesToTheEarliersPlace() {
    List<MemoryRecaller.Candidate> r = ranked();
    MemoryRecaller.newestFirst(r, Set.of(), role -> false, Map.of(), true);
    assertThat(order(r)).containsExactly(LATER, EARLIER, OTHER);
    assertThat(r.get(0).demotedBy).isEqualTo(r.get(2).item.id());
  }

  @Test
  void inThePresentTheEarlierReportFallsBelowTheLaterOneWithoutLiftingIt() {
    List<MemoryRecaller.Candidate> r = ranked();
    MemoryRecaller.newestFirst(r, Set.of(), role -> false, Map.of(), false);
    assertThat(order(r)).containsExactly(OTHER, LATER, EARLIER);
  }

  @Test
  void aQuestionNamingTheEarliersPeriodKeepsItFirst() {
    List<MemoryRecaller.Candidate> r = ranked();
    // "in January": a time the earlier report holds and the later lacks
    List<MemoryRecaller.Candidate> withTime = new ArrayList<>(List.of(
        candidate(EARLIER.replace(".", " since January 2024."), "2024-01-05T10:00:00Z", 1, 0.60, "[1,0,0]"), r.get(1), r.get(2)));
    Set<String> asked = Set.copyOf(Signature.of("in January 2024").times());
    MemoryRecaller.newestFirst(withTime, asked, role -> false, Map.of(), true);
    assertThat(order(withTime).getFirst()).contains("1,450");
  }

  @Test
  void aLaterHolderOfAVaguerRoleDoesNotPushDownTheHolderOfTheAskedOne() {
    String q = "Who is Northvale Bank's chief financial officer?";
    java.util.TreeSet<String> terms = new java.util.TreeSet<>(Terms.of(q));
    var asked = MemoryRecaller.askedRole(q, terms, io.engram.memory.extract.Acronyms.in(q));
    Map<String, Double> idf = new java.util.HashMap<>();
    Terms.of(q).forEach(t -> idf.put(t, 1.0));
    MemoryRecaller.Candidate osei = candidate("Northvale Bank named Amara Osei as chief financial officer and Daniel Reyes as chief"
        + " risk officer, both effective Feb. 1.", "2023-01-10T10:00:00Z", 1, 0.77, "[1,0,0]");
    osei.matched.addAll(List.of("bank", "chief", "financi", "northval", "offic"));
    MemoryRecaller.Candidate interim = candidate("Interim chief Rahul Mehta will return to his role as chief financial officer.",
        "2024-02-05T10:00:00Z", 2, 0.39, "[0,1,0]");
    interim.matched.addAll(List.of("chief", "financi", "offic"));
    assertThat(MemoryRecaller.newerHolderOfAskedRole(interim, osei, asked, idf)).isFalse();
    // a later holder of the asked role itself still comes first
    MemoryRecaller.Candidate successor = candidate("Northvale Bank named Priya Shah as chief financial officer.",
        "2024-02-05T10:00:00Z", 3, 0.5, "[0,0,1]");
    successor.matched.addAll(List.of("bank", "chief", "financi", "northval", "offic"));
    assertThat(MemoryRecaller.newerHolderOfAskedRole(successor, osei, asked, idf)).isTrue();
  }
}
