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
}
