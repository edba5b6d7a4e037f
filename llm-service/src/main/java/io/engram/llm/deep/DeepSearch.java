package io.engram.llm.deep;

import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.Passage;
import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.ContextGatherer;
import io.engram.llm.gather.GatherRequest;
import io.engram.llm.gather.Gathered;
import io.engram.llm.gather.RoundGatherer;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.source.HistoryMessage;
import io.engram.llm.text.Terms;
import io.engram.llm.text.TokenCounter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The deep-search loop: each round (1) retrieves for its queries, (2) fuses everything found so far,
 * (3) lets the planner judge what is still missing and propose the next queries. It stops when the
 * planner finds nothing missing, when a round brings nothing new, or at a hard limit (rounds, wall time,
 * tokens), whichever comes first; the reason and every round are in the result. The first
 * {@code followUpDepth} hits of each follow-up query enter fusion with {@code followUpWeight} relative to
 * the first round, and only those that mention what the follow-up added to the question. Passages of the
 * first round whose subject the question names form a list of their own, so that no follow-up outranks them.
 * Each round is observed as {@value #ROUND} (a timer, and a span of the answer's trace that holds the round's
 * calls to the sources).
 */
public class DeepSearch {

  /**
   * Weight of follow-up lists in fusion: a little below the first round's, so that a follow-up's best hit
   * lands just below the first round's best evidence instead of tying with its top hit.
   */
  public static final double DEFAULT_FOLLOW_UP_WEIGHT = 0.9;
  /**
   * Hits of a follow-up query that enter fusion. A follow-up asks for one missing thing; its first hits
   * are the evidence, the rest mostly repeat the first round or drift, and would push first-round
   * evidence out of the top of the fused list.
   */
  public static final int DEFAULT_FOLLOW_UP_DEPTH = 2;
  public static final String ROUND = "engram.deep.round";

  private final ContextGatherer gatherer;
  private final RoundGatherer firstRound;
  private final ContextFuser fuser;
  private final FollowUpPlanner planner;
  private final TokenCounter tokens;
  private final double followUpWeight;
  private final int followUpDepth;
  private final ObservationRegistry observations;

  public DeepSearch(ContextGatherer gatherer, ContextFuser fuser, FollowUpPlanner planner, TokenCounter tokens,
      double followUpWeight) {
    this(gatherer, fuser, planner, tokens, followUpWeight, DEFAULT_FOLLOW_UP_DEPTH);
  }

  public DeepSearch(ContextGatherer gatherer, ContextFuser fuser, FollowUpPlanner planner, TokenCounter tokens,
      double followUpWeight, int followUpDepth) {
    this(gatherer, fuser, planner, tokens, followUpWeight, followUpDepth, ObservationRegistry.NOOP);
  }

  public DeepSearch(ContextGatherer gatherer, ContextFuser fuser, FollowUpPlanner planner, TokenCounter tokens,
      double followUpWeight, int followUpDepth, ObservationRegistry observations) {
    this(gatherer, gatherer, fuser, planner, tokens, followUpWeight, followUpDepth, observations);
  }

  /**
   * With {@code firstRound} gathering the first round (memory first: the search starts from what memory already
   * knows) and {@code gatherer} the follow-ups.
   */
  public DeepSearch(ContextGatherer gatherer, RoundGatherer firstRound, ContextFuser fuser, FollowUpPlanner planner,
      TokenCounter tokens, double followUpWeight, int followUpDepth, ObservationRegistry observations) {
    this.firstRound = firstRound;
    this.observations = observations;
    if (followUpDepth < 1) {
      throw new IllegalArgumentException("illegal followUpDepth: " + followUpDepth + ", must be >= 1");
    }
    this.followUpDepth = followUpDepth;
    if (!(followUpWeight > 0) || Double.isInfinite(followUpWeight)) {
      throw new IllegalArgumentException("illegal followUpWeight: " + followUpWeight + ", must be positive");
    }
    this.gatherer = gatherer;
    this.fuser = fuser;
    this.planner = planner;
    this.tokens = tokens;
    this.followUpWeight = followUpWeight;
  }

  /** One deep search; {@code onRound} sees each round's gathering as it completes (for streaming). */
  public DeepResult search(String question, List<String> collections, @Nullable String memoryNamespace,
      List<HistoryMessage> history, int topK, int memoryTopK, DeepLimits limits, BooleanSupplier cancelled,
      Consumer<Gathered> onRound) {
    long started = System.nanoTime();
    Instant deadline = Instant.now().plus(limits.maxWall());
    List<RankedList> lists = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    List<StageTrace> stages = new ArrayList<>();
    List<RoundTrace> rounds = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> asked = new LinkedHashSet<>();
    List<String> queries = List.of(question);
    Set<String> questionTerms = Terms.set(question);
    int used = 0;
    String stop;
    for (int round = 1; ; round++) {
      // 0. the hard limits, checked before any work of the round
      if (cancelled.getAsBoolean()) {
        stop = "cancelled";
        break;
      }
      if (round > limits.maxRounds()) {
        stop = "limit: rounds (" + limits.maxRounds() + ")";
        break;
      }
      if (!Instant.now().isBefore(deadline)) {
        stop = "limit: wall time (" + limits.maxWall().toMillis() + " ms)";
        break;
      }
      if (used >= limits.maxTokens()) {
        stop = "limit: tokens (" + limits.maxTokens() + ")";
        break;
      }
      long roundStarted = System.nanoTime();
      Observation roundObservation = Observation.createNotStarted(ROUND, observations).contextualName("deep-search round")
          .highCardinalityKeyValue("engram.round", Integer.toString(round)).start();
      String decision;
      List<String> next = List.of();
      try (Observation.Scope roundScope = roundObservation.openScope()) {
        asked.addAll(queries);
        // 1. retrieve (memory once, in the first round: it answers the question, not sub-queries)
        Gathered gathered = (round == 1 ? firstRound : gatherer).gather(new GatherRequest(queries, collections, memoryNamespace,
            round == 1 ? question : null, round == 1 ? history : List.of(), topK, memoryTopK, deadline));
        degraded.addAll(gathered.degraded());
        stages.addAll(gathered.stages());
        int roundTokens = 0;
        int fresh = 0;
        int found = 0;
        boolean budgetHit = false;
        for (RankedList list : gathered.lists()) {
          List<Passage> kept = new ArrayList<>();
          List<Passage> hits = round == 1 || list.source().startsWith("memory") ? list.passages()
              : aboutFollowUp(questionTerms, list.query(), list.passages().subList(0, Math.min(followUpDepth, list.passages().size())));
          for (Passage p : hits) {
            found++;
            if (seen.contains(p.id())) {
              kept.add(p);
              continue;
            }
            int cost = tokens.count(p.text());
            if (used + roundTokens + cost > limits.maxTokens()) {
              budgetHit = true; // reading it would pass the token limit: leave it out
              continue;
            }
            roundTokens += cost;
            seen.add(p.id());
            fresh++;
            kept.add(p);
          }
          lists.add(new RankedList(list.source() + "#r" + round, list.query(), kept, round == 1 ? 1.0 : followUpWeight));
        }
        if (round == 1) {
          // passages whose subject the question names are evidence whatever the follow-ups bring: a list of
          // their own keeps them above follow-up hits in fusion
          List<Passage> named = lists.stream().flatMap(l -> l.passages().stream())
              .filter(p -> BridgeTermPlanner.namedBy(questionTerms, p)).distinct().toList();
          if (!named.isEmpty()) {
            lists.add(new RankedList("question-names#r1", question, named, 1.0));
          }
        }
        used += roundTokens;
        onRound.accept(gathered);
        // 2. fuse what we have
        List<Passage> fused = fuser.fuse(lists);
        // 3. judge what is missing (unless a limit already decides)
        Duration timeLeft = Duration.between(Instant.now(), deadline);
        if (budgetHit) {
          decision = "stop: token limit reached while reading";
        } else if (round > 1 && fresh == 0) {
          decision = "stop: round brought no new passages";
        } else if (round >= limits.maxRounds()) {
          decision = "stop: last round allowed";
        } else if (timeLeft.isNegative() || timeLeft.isZero()) {
          decision = "stop: no time left";
        } else if (gathered.lists().isEmpty()) {
          decision = "stop: no source answered";
        } else {
          FollowUpPlanner.Plan plan = planner.plan(question, fused, asked, limits.queriesPerRound(), timeLeft);
          int planCost = Math.min(plan.tokens(), Math.max(0, limits.maxTokens() - used));
          roundTokens += planCost;
          used += planCost;
          next = plan.queries().stream().filter(q -> !asked.contains(q)).toList();
          decision = next.isEmpty() ? "stop: " + plan.reason() : "continue: " + plan.reason();
        }
        rounds.add(new RoundTrace(round, queries, found, fresh, (System.nanoTime() - roundStarted) / 1_000_000,
            roundTokens, used, decision));
      } catch (RuntimeException e) {
        roundObservation.error(e);
        throw e;
      } finally {
        roundObservation.stop();
      }
      if (next.isEmpty()) {
        stop = decision.startsWith("stop: ") ? decision.substring(6) : decision;
        break;
      }
      queries = next;
    }
    return new DeepResult(lists, degraded.stream().distinct().toList(), stages, rounds, stop, used,
        (System.nanoTime() - started) / 1_000_000, planner.name());
  }

  /**
   * The hits of a follow-up that are about what it asked for: a follow-up adds terms to the question's (a
   * bridge name); a hit that mentions none of them matched only the question's words again, and would push
   * first-round evidence down. A follow-up made of question terms only keeps all its hits.
   */
  public static List<Passage> aboutFollowUp(Set<String> questionTerms, @Nullable String query, List<Passage> hits) {
    Set<String> added = new HashSet<>(Terms.set(query));
    added.removeAll(questionTerms);
    if (added.isEmpty()) {
      return hits;
    }
    return hits.stream().filter(p -> {
      Set<String> terms = Terms.set(p.title() == null ? p.text() : p.title() + " " + p.text());
      return added.stream().filter(terms::contains).count() * 2 > added.size();
    }).toList();
  }
}
