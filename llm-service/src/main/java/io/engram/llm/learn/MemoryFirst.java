package io.engram.llm.learn;

import io.engram.llm.deep.BridgeTermPlanner;
import io.engram.llm.deep.DeepSearch;
import io.engram.llm.deep.FollowUpPlanner;
import io.engram.llm.fusion.Passage;
import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.GatherRequest;
import io.engram.llm.gather.Gathered;
import io.engram.llm.gather.RoundGatherer;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.source.MemoryItem;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import io.engram.llm.text.Terms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers memory first, then only as much retrieval as memory leaves open:
 * <ol>
 * <li>recall the namespace for the question; an item that mentions none of the question's names and under half of its
 *     terms (nor do the chunks it points at) is about something else and stays out;</li>
 * <li>follow the recalled items' pointers into the corpus ({@code chunk:<collection>/<id>} provenance, only into the
 *     request's collections, read under the caller's identity): the chunks still there become a ranked list of their
 *     own; an item whose every pointer is gone (its document replaced or deleted) is stale and left out;</li>
 * <li>judge coverage: the question's content terms and names against the recalled statements and the chunks they
 *     point at. All of them, or all names and most terms: retrieval is asked for half its depth; otherwise it
 *     searches as without memory;</li>
 * <li>unless covered, names in what memory recalled that the question lacks (a bridge) become follow-up queries, as a
 *     deep-search round would add them (the same planner), searched beside the question.</li>
 * </ol>
 * Everything it decided is one {@code memory-first} stage in the trace.
 */
public class MemoryFirst implements RoundGatherer {

  private static final Logger log = LoggerFactory.getLogger(MemoryFirst.class);

  /** Share of the question's content terms memory must hold (with all its names) for a smaller search. */
  public static final double PARTLY = 0.6;
  /** The search's depth when memory covers the question, wholly or in part: this share of topK, at least {@link #COVERED_TOP_K}. */
  public static final double PARTLY_DEPTH = 0.5;
  /**
   * The least depth of a search memory covers: memory keeps the sentences that answered, not every passage that
   * supported them, so retrieval still runs, shallower. Measured on HotpotQA's first 40 questions (development
   * split): skipping retrieval lost 0.05 of supporting-passage recall, 3 passages lost 0.025, half of topK nothing.
   */
  public static final int COVERED_TOP_K = 3;

  private final RoundGatherer gatherer;
  private final RetrievalSource retrieval;
  private final FollowUpPlanner planner;
  private final int queriesPerRound;
  private final int followUpDepth;
  private final double followUpWeight;

  public MemoryFirst(RoundGatherer gatherer, RetrievalSource retrieval, FollowUpPlanner planner, int queriesPerRound,
      int followUpDepth, double followUpWeight) {
    this.gatherer = gatherer;
    this.retrieval = retrieval;
    this.planner = planner;
    this.queriesPerRound = queriesPerRound;
    this.followUpDepth = followUpDepth;
    this.followUpWeight = followUpWeight;
  }

  /** What memory covered of a question: the decision, and what it left open. */
  public record Coverage(String decision, double termShare, List<String> missingTerms, List<String> missingNames) {
  }

  @Override
  public Gathered gather(GatherRequest request) {
    if (request.memoryNamespace() == null || request.memoryQuery() == null) {
      return gatherer.gather(request);
    }
    long started = System.nanoTime();
    String question = request.memoryQuery();
    String ns = request.memoryNamespace();
    // 1. memory alone
    Gathered memory = gatherer.gather(new GatherRequest(List.of(), request.collections(), ns, question, request.history(),
        request.topK(), request.memoryTopK(), request.deadline()));
    List<StageTrace> stages = new ArrayList<>(memory.stages());
    List<String> degraded = new ArrayList<>(memory.degraded());
    // 2. pointers into the corpus
    Pointers pointers = follow(memory.recalled(), request.collections(), degraded);
    // an item about something else (recall always returns its best, related or not) stays out, with its pointers
    Set<String> left = new HashSet<>(pointers.stale());
    int offTopic = 0;
    // items whose chunks are in the context: the chunk holds the statement and what surrounds it, so the statement
    // itself would only be read twice
    Set<String> standIns = new HashSet<>();
    List<Passage> chunks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MemoryItem item : memory.recalled()) {
      if (left.contains(item.id())) {
        continue;
      }
      List<Passage> pointed = pointers.byItem().getOrDefault(item.id(), List.of());
      if (!about(question, item.statement(), null) && pointed.stream().noneMatch(p -> about(question, p.text(), p.title()))) {
        left.add(item.id());
        offTopic++;
        continue;
      }
      // the chunk stands for the item in the context: the item is kept in its alsoFrom (cited and counted as used)
      for (Passage p : pointed) {
        Passage withItem = p.withAlso(List.of("memory:" + item.id()));
        if (seen.add(p.id())) {
          chunks.add(withItem);
        } else {
          chunks.replaceAll(c -> c.id().equals(p.id()) ? c.withAlso(withItem.alsoFrom()) : c);
        }
      }
      if (!pointed.isEmpty()) {
        standIns.add(item.id());
      }
    }
    // 3. coverage, by the chunks and every statement still in (those read as their chunks included)
    List<Passage> known = new ArrayList<>(chunks);
    memory.lists().forEach(l -> l.passages().stream().filter(p -> !left.contains(p.sourceId())).forEach(known::add));
    Coverage coverage = coverage(question, known);
    int topK = switch (coverage.decision()) {
      case "covered", "partly" -> Math.max(Math.min(COVERED_TOP_K, request.topK()), (int) Math.ceil(request.topK() * PARTLY_DEPTH));
      default -> request.topK();
    };
    // 4. bridges from memory, as a deep-search follow-up would add them
    List<String> bridges = List.of();
    if (!known.isEmpty() && queriesPerRound > 0) {
      Duration timeLeft = Duration.between(Instant.now(), request.deadline());
      if (timeLeft.isPositive()) {
        FollowUpPlanner.Plan plan = planner.plan(question, known, Set.copyOf(request.queries()), queriesPerRound, timeLeft);
        bridges = plan.queries().stream().filter(q -> !request.queries().contains(q)).toList();
      }
    }
    List<RankedList> lists = new ArrayList<>();
    memory.lists().forEach(l -> lists.add(new RankedList(l.source(), l.query(),
        l.passages().stream().filter(p -> !left.contains(p.sourceId()) && !standIns.contains(p.sourceId())).toList(),
        l.weight())));
    if (!chunks.isEmpty()) {
      lists.add(new RankedList("memory-pointer:" + ns, question, chunks));
    }
    if (!request.collections().isEmpty()) {
      List<String> queries = new ArrayList<>(request.queries());
      queries.addAll(bridges);
      Gathered found = gatherer.gather(new GatherRequest(queries, request.collections(), null, null, request.history(),
          topK, request.memoryTopK(), request.deadline()));
      stages.addAll(found.stages());
      degraded.addAll(found.degraded());
      Set<String> questionTerms = Terms.set(question);
      for (RankedList list : found.lists()) {
        if (bridges.contains(list.query())) {
          List<Passage> head = list.passages().subList(0, Math.min(followUpDepth, list.passages().size()));
          lists.add(new RankedList(list.source() + "#bridge", list.query(),
              DeepSearch.aboutFollowUp(questionTerms, list.query(), head), followUpWeight));
        } else {
          lists.add(list);
        }
      }
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("recalled", memory.recalled().size());
    attributes.put("pointers", chunks.size());
    attributes.put("staleItems", pointers.stale().size());
    attributes.put("offTopicItems", offTopic);
    attributes.put("itemsReadAsTheirChunks", standIns.size());
    attributes.put("termCoverage", Math.round(coverage.termShare() * 1000) / 1000.0);
    attributes.put("missingTerms", coverage.missingTerms());
    attributes.put("missingNames", coverage.missingNames());
    attributes.put("retrievalTopK", topK);
    attributes.put("bridgeQueries", bridges);
    String outcome = switch (coverage.decision()) {
      case "covered" -> "memory covers the question: retrieval asked for " + topK + " instead of " + request.topK();
      case "partly" -> "memory covers part of the question: retrieval asked for " + topK + " instead of " + request.topK();
      default -> "memory does not cover the question: full retrieval";
    };
    stages.add(new StageTrace("memory-first", (System.nanoTime() - started) / 1_000_000, outcome, attributes));
    return new Gathered(lists, degraded.stream().distinct().toList(), stages, memory.recalled().stream()
        .filter(i -> !left.contains(i.id())).toList());
  }

  /** Chunks the recalled items point at (in recall order) and the ids of items whose every pointer is gone. */
  record Pointers(Map<String, List<Passage>> byItem, Set<String> stale) {
  }

  private Pointers follow(List<MemoryItem> items, List<String> collections, List<String> degraded) {
    Map<String, LinkedHashSet<Long>> wanted = new LinkedHashMap<>();
    Map<MemoryItem, List<SourceRef>> refs = new LinkedHashMap<>();
    for (MemoryItem item : items) {
      List<SourceRef> own = new ArrayList<>();
      if (item.provenance() != null) {
        for (MemoryItem.Provenance p : item.provenance()) {
          SourceRef.parse(p.sourceRef()).filter(r -> collections.contains(r.collection())).ifPresent(own::add);
        }
      }
      refs.put(item, own);
      own.forEach(r -> wanted.computeIfAbsent(r.collection(), c -> new LinkedHashSet<>()).add(r.chunkId()));
    }
    if (wanted.isEmpty()) {
      return new Pointers(Map.of(), Set.of());
    }
    Map<String, SearchHit> found = new LinkedHashMap<>();
    Set<String> unreadable = new HashSet<>();
    for (Map.Entry<String, LinkedHashSet<Long>> e : wanted.entrySet()) {
      try {
        for (SearchHit hit : retrieval.lookup(e.getKey(), List.copyOf(e.getValue()).subList(0, Math.min(100, e.getValue().size())))) {
          found.put(SourceRef.of(e.getKey(), hit.chunkId()), hit);
        }
      } catch (RuntimeException failed) {
        // pointers we cannot read now are not stale: the items stay, the chunks are missing from this answer
        unreadable.add(e.getKey());
        degraded.add("memory-pointer:" + e.getKey() + ": " + failed.getMessage());
      }
    }
    Map<String, List<Passage>> byItem = new LinkedHashMap<>();
    Set<String> stale = new HashSet<>();
    for (Map.Entry<MemoryItem, List<SourceRef>> e : refs.entrySet()) {
      MemoryItem item = e.getKey();
      boolean any = false;
      boolean checkable = !e.getValue().isEmpty();
      for (SourceRef r : e.getValue()) {
        if (unreadable.contains(r.collection())) {
          checkable = false;
          continue;
        }
        SearchHit hit = found.get(r.toString());
        if (hit == null) {
          continue;
        }
        any = true;
        byItem.computeIfAbsent(item.id(), id -> new ArrayList<>()).add(Passage.chunk(String.valueOf(hit.chunkId()),
            hit.documentId(), r.collection(), hit.title(), hit.text(), item.score()));
      }
      if (checkable && !any && onlyPointers(item)) {
        stale.add(item.id());
        log.debug("memory item {} is stale: every chunk it was read from is gone", item.id());
      }
    }
    return new Pointers(byItem, stale);
  }

  /**
   * Whether the item rests on pointers into the corpus alone: every provenance entry is a chunk pointer or a later
   * answer's restatement of the item itself ({@code memory:<id>}); an event with no source, or any other reference,
   * vouches for it on its own.
   */
  private static boolean onlyPointers(MemoryItem item) {
    return item.provenance() != null && !item.provenance().isEmpty()
        && item.provenance().stream().allMatch(p -> p.sourceRef() != null
            && (SourceRef.parse(p.sourceRef()).isPresent() || p.sourceRef().startsWith("memory:")));
  }

  /**
   * Whether a text is about the question: it mentions one of the names the question uses, or at least half of the
   * question's content terms (questions written without capitals, e.g. Chinese, have no names to go by).
   */
  static boolean about(String question, String text, @Nullable String title) {
    Set<String> terms = Terms.set(title == null ? text : title + " " + text);
    @Nullable Set<String> names = BridgeTermPlanner.namedTerms(question);
    if (names != null && names.stream().anyMatch(terms::contains)) {
      return true;
    }
    Set<String> q = Terms.set(question);
    return !q.isEmpty() && q.stream().filter(terms::contains).count() * 2 >= q.size();
  }

  /**
   * How much of the question what memory brought holds: "covered" when all its content terms and names are there,
   * "partly" when all names and at least {@link #PARTLY} of the terms are, else "open".
   */
  public static Coverage coverage(String question, List<Passage> known) {
    Set<String> terms = Terms.set(question);
    if (known.isEmpty() || terms.isEmpty()) {
      return new Coverage("open", 0, List.copyOf(terms), List.of());
    }
    Set<String> held = new HashSet<>();
    for (Passage p : known) {
      held.addAll(Terms.set(p.title() == null ? p.text() : p.title() + " " + p.text()));
    }
    List<String> missingTerms = terms.stream().filter(t -> !held.contains(t)).toList();
    @Nullable Set<String> names = BridgeTermPlanner.namedTerms(question);
    List<String> missingNames = names == null ? List.of() : names.stream().filter(t -> !held.contains(t)).sorted().toList();
    double share = 1 - missingTerms.size() / (double) terms.size();
    String decision = !missingNames.isEmpty() ? "open" : missingTerms.isEmpty() ? "covered" : share >= PARTLY ? "partly" : "open";
    return new Coverage(decision, share, missingTerms, missingNames);
  }
}
