package io.engram.memory.recall;

import io.engram.memory.embed.Vectors;
import com.pgvector.PGvector;
import io.engram.memory.MemoryProperties;
import io.engram.memory.extract.Acronyms;
import io.engram.memory.extract.AttributeLexicon;
import io.engram.memory.extract.ChineseRoles;
import io.engram.memory.extract.Roles;
import io.engram.memory.extract.Signature;
import io.engram.memory.extract.Terms;
import io.engram.text.embedding.Cosine;
import io.engram.memory.item.ItemRepository;
import io.engram.memory.item.MemoryItem;
import io.engram.memory.item.Provenance;
import io.engram.support.tenancy.TenantTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Hybrid recall over the items valid at {@code asOf}: 1. candidates by vector (exact cosine) and by shared
 * lexical terms; 2. each candidate's lexical score is the IDF-weighted share of the query's terms it holds
 * (IDF over the eligible items, BM25's form: ln(1 + (N - df + 0.5) / (df + 0.5))); 3. fused score =
 * w * cosine + (1 - w) * lexical, w = {@code denseWeight}; ties by creation order. Query terms are expanded
 * with canonical attribute names ({@link AttributeLexicon}) because items carry theirs. Default recall (no
 * {@code asOf}) shows live items that no abstraction covers; with {@code asOf} it shows whatever was valid then. Two
 * candidates that compete (reports of one thing that disagree) rank the later first, unless the question names the
 * earlier one's period. Each recall is observed as {@value #RECALL} (a timer, and a span of the request's trace).
 */
@Component
public class MemoryRecaller {

  static final int CANDIDATES = 60;
  public static final String RECALL = "engram.memory.recall";

  private final ItemRepository items;
  private final Vectors vectors;
  private final double denseWeight;
  private final ObservationRegistry observations;
  private final TenantTransactions tenants;
  private final MeterRegistry meters;
  /** Uses not counted because another recall held the item's row at that moment. */
  public static final String USES_SKIPPED = "engram.memory.use-counts.skipped";
  /** Use counts that could not be stored (the recall was answered all the same). */
  public static final String USES_FAILED = "engram.memory.use-counts.failures";
  private static final Logger log = LoggerFactory.getLogger(MemoryRecaller.class);

  public MemoryRecaller(ItemRepository items, Vectors vectors, TenantTransactions tenants, MemoryProperties properties,
      ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters) {
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    this.items = items;
    this.vectors = vectors;
    this.tenants = tenants;
    this.denseWeight = properties.denseWeight();
  }

  /**
   * A query made ready for the database: its terms (expanded with canonical attributes and times in one spelling) and
   * its vector with the model that made it.
   */
  public record Prepared(RecallQuery query, List<String> terms, float[] vector, String model) {
  }

  /**
   * Computes the query's terms and embeds it. Call outside any transaction: embedding takes CPU time (seconds when
   * the CPU is short), during which a transaction would hold one of the pool's few connections.
   */
  public Prepared prepare(RecallQuery q) {
    // asked about a past time, the question's times name that time, which asOf holds already: an item that mentions
    // the month is no better a match for what held in it, so they are left out of the terms
    String asked = q.asOf() == null ? q.query() : Signature.withoutTimes(q.query());
    TreeSet<String> queryTerms = new TreeSet<>(Terms.of(asked));
    AttributeLexicon.mentioned(asked).forEach(a -> queryTerms.addAll(Terms.of(a)));
    // times in one spelling ("first-quarter", "Q1": q1), so that a question naming a period matches either wording
    queryTerms.addAll(Signature.of(asked).times());
    return new Prepared(q, List.copyOf(queryTerms), vectors.embedQuery(asked), vectors.modelFor(q.query()));
  }

  /**
   * Call inside a tenant transaction (a read-only one may go to a replica); only reads. The caller counts the use of
   * what it returns with {@link #countUses}, after that transaction.
   */
  public List<RecalledItem> recall(String tenant, String namespace, Prepared p) {
    return Observation.createNotStarted(RECALL, observations).contextualName("memory recall")
        .observe(() -> recallItems(tenant, namespace, p));
  }

  /**
   * For offline tools: prepares, recalls in a tenant transaction, then counts the uses. Call outside any transaction.
   */
  public List<RecalledItem> recallAndCount(String tenant, String namespace, RecallQuery q) {
    Prepared p = prepare(q);
    List<RecalledItem> recalled = tenants.inTenant(tenant, () -> recall(tenant, namespace, p));
    countUses(tenant, recalled.stream().map(r -> r.item().id()).toList());
    return recalled;
  }

  /**
   * Counts one use of each of these items (their heat: the coldest are archived first), in a short transaction of its
   * own on the primary; call outside any transaction. The rows are locked in id order and rows another recall holds at
   * that moment are skipped ({@code for update skip locked}): concurrent recalls of overlapping items neither deadlock
   * nor wait, at the price of a use now and then not counted (counted in {@value #USES_SKIPPED}; heat is a ranking of
   * what to archive first, not an exact tally). It never fails the recall: an error is logged and counted in
   * {@value #USES_FAILED}.
   */
  public void countUses(String tenant, List<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      int counted = tenants.inTenant(tenant, () -> items.markUsed(ids));
      if (counted < ids.size()) {
        meters.counter(USES_SKIPPED).increment(ids.size() - counted);
      }
    } catch (RuntimeException e) {
      meters.counter(USES_FAILED).increment();
      log.warn("use counts of {} recalled items not stored: {}", ids.size(), e.toString());
    }
  }

  private List<RecalledItem> recallItems(String tenant, String namespace, Prepared p) {
    // 1. query terms (expanded with canonical attributes) and vector: prepared before the transaction
    RecallQuery q = p.query();
    TreeSet<String> queryTerms = new TreeSet<>(p.terms());
    float[] vector = p.vector();
    ItemRepository.Eligible eligible = ItemRepository.eligible(tenant, namespace, q.asOf(), q.knownAt(), q.includeArchived());

    // 2. candidates: nearest by vector, then by shared terms
    Map<UUID, Candidate> candidates = new LinkedHashMap<>();
    String model = p.model();
    items.nearestEligible(eligible, model, vector, CANDIDATES)
        .forEach(r -> candidates.putIfAbsent(r.item().id(), new Candidate(r)));
    if (!queryTerms.isEmpty()) {
      items.sharingTerms(eligible, model, vector, List.copyOf(queryTerms), CANDIDATES)
          .forEach(r -> candidates.putIfAbsent(r.item().id(), new Candidate(r)));
    }
    if (candidates.isEmpty()) {
      return List.of();
    }

    // 3. IDF over eligible items, lexical score, fusion
    List<String> hanTerms = queryTerms.stream().filter(Terms::hasHan).toList();
    Map<String, Double> idf = idf(eligible, queryTerms, hanTerms, candidates.values());
    double idfTotal = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    Set<String> queryAcronyms = Acronyms.in(q.query());
    for (Candidate c : candidates.values()) {
      Set<String> have = new HashSet<>(c.item.terms());
      have.addAll(c.signature().times());
      abbreviated(q.query(), queryAcronyms, c.item.statement(), have);
      heldAsWritten(hanTerms, c.item.statement(), have);
      double matched = 0;
      for (String t : queryTerms) {
        if (have.contains(t)) {
          matched += idf.get(t);
          c.matched.add(t);
        }
      }
      c.lexical = idfTotal == 0 ? 0 : matched / idfTotal;
      c.score = denseWeight * c.cosine + (1 - denseWeight) * c.lexical;
    }
    List<String> askedTimes = Signature.of(q.query()).times();
    if (q.asOf() == null) {
      otherTimes(candidates.values(), askedTimes);
    }
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.cosine).reversed().thenComparingLong(c -> c.seq));
    for (int i = 0; i < ranked.size(); i++) {
      ranked.get(i).denseRank = i + 1;
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.lexical).reversed().thenComparingLong(c -> c.seq));
    for (int i = 0; i < ranked.size(); i++) {
      ranked.get(i).lexicalRank = i + 1;
    }
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed().thenComparingLong(c -> -c.seq)
        .thenComparing(c -> c.item.statement()));
    // the subject of a question is in its own words, not in the attribute names its terms were expanded with
    Map<String, Double> ownIdf = new HashMap<>(idf);
    ownIdf.keySet().retainAll(Set.copyOf(Terms.of(q.query())));
    newestFirst(ranked, Set.copyOf(askedTimes), askedRole(q.query(), queryTerms, queryAcronyms), ownIdf,
        q.asOf() != null);
    ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed().thenComparingLong(c -> -c.seq)
        .thenComparing(c -> c.item.statement()));
    List<Candidate> top = ranked.subList(0, Math.min(q.topK(), ranked.size()));

    // 4. provenance (the use counts are the caller's, after this transaction: countUses)
    List<UUID> ids = top.stream().map(c -> c.item.id()).toList();
    Map<UUID, List<Provenance>> provenance = items.provenance(tenant, ids);
    List<RecalledItem> out = new ArrayList<>();
    for (Candidate c : top) {
      Map<String, Object> explanation = null;
      if (q.explain()) {
        explanation = new LinkedHashMap<>();
        explanation.put("dense", Map.of("cosine", round(c.cosine), "rank", c.denseRank));
        explanation.put("lexical", Map.of("score", round(c.lexical), "rank", c.lexicalRank, "matchedTerms", List.copyOf(c.matched)));
        explanation.put("fusion", "%.2f * cosine + %.2f * lexical".formatted(denseWeight, 1 - denseWeight));
        if (c.otherTimes) {
          explanation.put("otherTimes", "states other times than the question asks about");
        }
        if (c.demotedBy != null) {
          explanation.put("newerReport", Map.of("itemId", c.demotedBy.toString(),
              "note", "an item valid from later disagrees on a name, figure or time: it ranks first"));
        }
      }
      out.add(new RecalledItem(c.item, round(c.score), provenance.getOrDefault(c.item.id(), List.of()), explanation));
    }
    return out;
  }

  /**
   * Among the best candidates, two that compete (close in meaning, about the same named subject, and disagreeing on a
   * name, figure or time) are two reports of one thing at different times: the one valid from later ranks first, so
   * that a question in the present tense gets the latest report even when the write path kept both. In the present
   * ({@code past} false) the earlier falls to just below the later: the live store holds many later reports about the
   * same subject, and lifting the latest of them above the best match put reports of other matters first (news-health-dev
   * current@1 0.84 to 0.68). At a past time ({@code past}: the recall has an {@code asOf}) the later rises to the earlier's
   * place instead: only what was valid then competes, and the earlier often holds the question's words while the later
   * says what changed in others ("pays 1,450 euros in rent", then "the landlord charges 1,600 euros"), so pushing the
   * earlier down to the later's place buried both (asOf@1 on the dev streams 0.70 to 0.80-0.90, present-tense figures
   * unchanged).
   */
  static void newestFirst(List<Candidate> ranked, Set<String> askedTimes, java.util.function.Predicate<Roles> askedRole,
      Map<String, Double> idf, boolean past) {
    int m = Math.min(COMPETING_WINDOW, ranked.size());
    for (int i = 0; i < m; i++) {
      Candidate a = ranked.get(i);
      for (int j = i + 1; j < m; j++) {
        Candidate b = ranked.get(j);
        Candidate older = a.item.validFrom().isBefore(b.item.validFrom()) ? a : b.item.validFrom().isBefore(a.item.validFrom()) ? b : null;
        if (older == null) {
          continue;
        }
        Candidate newer = older == a ? b : a;
        if (older.score < newer.score) {
          continue;
        }
        boolean laterReport = competing(a, b) && !olderAloneHoldsAskedRole(newer, older, askedRole);
        if (!laterReport && !newerHolderOfAskedRole(newer, older, askedRole, idf)) {
          continue;
        }
        if (askedTimes.stream().anyMatch(t -> holds(older, t) && !holds(newer, t))) {
          continue; // the question names the older one's period ("in the first quarter"), which the newer lacks
        }
        if (past) {
          newer.score = Math.max(newer.score, older.score + 1e-4);
        } else {
          older.score = newer.score - 1e-4;
        }
        older.demotedBy = newer.item.id();
      }
    }
  }

  /**
   * Whether a role phrase is what the question asks about: its terms are all among the query's ("Who is Bayridge's chief
   * executive?"), or it spells out an acronym of the query ("Who is the CEO of ...?"); in Chinese, the question names the
   * same title ({@link ChineseRoles#sameTitle}: "华星科技集团的总经理是谁？" asks about "公司总经理") and no person.
   */
  static java.util.function.Predicate<Roles> askedRole(String query, Set<String> queryTerms, Set<String> queryAcronyms) {
    if (Terms.hasHan(query)) {
      // a question that names a person asks about that person ("孙立成为什么辞去瑞丰智造董事长？"), not who holds the post,
      // unless it asks who ("瑞丰智造的董事长是谁？": HanLP reads some company names as persons)
      List<String> titles = ASKS_WHO.matcher(query).find() || ChineseRoles.persons(query).isEmpty()
          ? ChineseRoles.titles(query) : List.of();
      return r -> titles.stream().anyMatch(t -> ChineseRoles.sameTitle(t, r.role()));
    }
    return r -> !r.roleTerms().isEmpty() && queryTerms.containsAll(r.roleTerms())
        || queryAcronyms.stream().anyMatch(a -> Acronyms.spelledIn(a, r.role()).isPresent() || a.equalsIgnoreCase(r.role()));
  }

  private static final java.util.regex.Pattern ASKS_WHO = java.util.regex.Pattern.compile("谁|哪位|叫什么|什么人");

  /** Of the query's terms beside the role's, the IDF share both items match, among those either matches. */
  static final double SAME_SUBJECT_SHARE = 0.4;

  /**
   * Whether the newer item gives the role the question asks about to a holder the older does not name, while the older
   * is about that role too (holds its terms, or gives it to someone) and both are about the subject the question names:
   * two reports of who held the post, of which the later is the present one, whatever else either says ("Tom Baker will
   * serve as acting head teacher ... until the governors appoint a successor", then "Maria Gomez took over as head
   * teacher"). The subject is what the rest of the question asks for, in its own words: of its terms that either item
   * matches, those both match carry at least {@value #SAME_SUBJECT_SHARE} of the IDF weight, and a name that holds a role
   * in the newer item counts as a filler there, not as its subject.
   */
  static boolean newerHolderOfAskedRole(Candidate newer, Candidate older, java.util.function.Predicate<Roles> askedRole,
      Map<String, Double> idf) {
    for (Roles r : newer.roles()) {
      if (!askedRole.test(r) || names(older, r.holderWords()) || vaguer(r, older, askedRole)) {
        continue;
      }
      boolean aboutRole = older.termSet().containsAll(r.roleTerms())
          || older.roles().stream().anyMatch(r::sameRole);
      if (aboutRole && sameAskedSubject(newer, older, r.roleTerms(), idf)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the older item gives someone the asked role in more words than {@code r} has, all of them {@code r}'s and
   * more: "Interim chief Rahul Mehta" is no later holder of what "named Amara Osei as chief financial officer" answers
   * to "Who is Northvale Bank's chief financial officer?".
   */
  static boolean vaguer(Roles r, Candidate older, java.util.function.Predicate<Roles> askedRole) {
    return older.roles().stream().anyMatch(o -> askedRole.test(o) && o.roleTerms().size() > r.roleTerms().size()
        && o.roleTerms().containsAll(r.roleTerms()));
  }

  /**
   * Whether the older item gives someone the role the question asks about and the newer does not speak of that role at
   * all: a later report on the same subject (a move of its headquarters) is no later report of who holds the post, so
   * it does not push the older holder down ("2023年6月底瑞丰智造的董事长是谁？").
   */
  static boolean olderAloneHoldsAskedRole(Candidate newer, Candidate older, java.util.function.Predicate<Roles> askedRole) {
    for (Roles r : older.roles()) {
      if (askedRole.test(r) && !newer.termSet().containsAll(r.roleTerms()) && newer.roles().stream().noneMatch(r::sameRole)) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(Candidate c, Set<String> holderWords) {
    String statement = c.item.statement();
    if (Terms.hasHan(statement)) {
      return holderWords.stream().anyMatch(statement::contains);
    }
    Set<String> words = new HashSet<>(List.of(statement.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
    return holderWords.stream().anyMatch(words::contains);
  }

  private static boolean sameAskedSubject(Candidate newer, Candidate older, Set<String> roleTerms, Map<String, Double> idf) {
    // a name that holds a role in the newer item fills it ("manager Rosa Petrov" in Sven Santos's record): not its subject
    Set<String> fillers = new HashSet<>();
    newer.roles().forEach(r -> fillers.addAll(Terms.of(String.join(" ", r.holderWords()))));
    double either = 0;
    double both = 0;
    for (Map.Entry<String, Double> t : idf.entrySet()) {
      if (roleTerms.contains(t.getKey())) {
        continue;
      }
      boolean inNewer = newer.matched.contains(t.getKey()) && !fillers.contains(t.getKey());
      boolean inOlder = older.matched.contains(t.getKey());
      if (inNewer || inOlder) {
        either += t.getValue();
      }
      if (inNewer && inOlder) {
        both += t.getValue();
      }
    }
    return both > 0 && both >= SAME_SUBJECT_SHARE * either;
  }

  private static boolean holds(Candidate c, String time) {
    return c.signature().holdsTimes(List.of(time));
  }

  static final int COMPETING_WINDOW = 30;
  static final double COMPETING_COSINE = 0.6;

  static boolean competing(Candidate a, Candidate b) {
    float[] va = a.vector();
    float[] vb = b.vector();
    if (Cosine.of(va, vb) < COMPETING_COSINE) {
      return false;
    }
    Signature sa = a.signature();
    Signature sb = b.signature();
    Set<String> shared = new HashSet<>(sa.nameWords());
    shared.retainAll(sb.words());
    return !shared.isEmpty() && (!sa.compatibleWith(sb) || sa.namesMore(sb) || sb.namesMore(sa));
  }


  /**
   * Adds to an item's terms the query's Chinese terms ({@code hanTerms}) its statement holds as written. Segmentation depends on the
   * context: "营收" in a question is cut into "营" and "收", "营业收入" in a statement into "营业" and "收入", so the
   * segmented terms of the two never meet, while the characters do ("公司提出2024年营业收入目标为60亿元" answers
   * "启明乳业2024年的营收目标是多少？"). Matching characters as written is what CJK retrieval does without a dictionary.
   * Measured: news-zh-dev staleAbove 0.27 to 0.18, chat-zh-dev and news-zh-report unchanged.
   */
  static void heldAsWritten(List<String> hanTerms, String statement, Set<String> have) {
    for (String t : hanTerms) {
      if (statement.contains(t)) {
        have.add(t);
      }
    }
  }

  /**
   * Adds to an item's terms what an acronym stands for across query and item: the query's "CEO" is held by an item
   * that says "chief executive", and the query's "chief executive officer" by an item that says "CEO".
   */
  static void abbreviated(String query, Set<String> queryAcronyms, String statement, Set<String> have) {
    for (String a : queryAcronyms) {
      for (String term : Terms.of(a)) {
        if (!have.contains(term) && Acronyms.spelledIn(a, statement).isPresent()) {
          have.add(term);
        }
      }
    }
    for (String a : Acronyms.in(statement)) {
      Acronyms.spelledIn(a, query).ifPresent(words -> have.addAll(Terms.of(words)));
    }
  }

  /**
   * Most eligible items whose statements are searched for a Chinese term as written; above, its frequency is estimated
   * from the candidates (the share that hold it, times the eligible items: an overestimate, as candidates are the
   * related items, so the term weighs less, never more). The scan costs about 130 ms for six terms over 100,000
   * statements (PostgreSQL 15, two cores), 20,000 about a fifth of that.
   */
  static final long STATEMENT_SCAN_LIMIT = 20_000;

  /** How many of {@code total} items hold {@code term} as written, estimated from the share of the candidates that do. */
  static long estimatedFrequency(String term, java.util.Collection<Candidate> candidates, long total) {
    long holding = candidates.stream().filter(c -> c.item.statement().contains(term)).count();
    return candidates.isEmpty() ? 0 : Math.round((double) holding / candidates.size() * total);
  }

  private Map<String, Double> idf(ItemRepository.Eligible eligible, Set<String> queryTerms, List<String> han,
      java.util.Collection<Candidate> candidates) {
    Map<String, Double> idf = new HashMap<>();
    if (queryTerms.isEmpty()) {
      return idf;
    }
    long total = items.countEligible(eligible);
    Map<String, Long> df = items.documentFrequencies(eligible, List.copyOf(queryTerms));
    // a Chinese term counts where a statement holds it as written (see heldAsWritten), so its frequency counts the same way
    if (total <= STATEMENT_SCAN_LIMIT) {
      items.statementFrequencies(eligible, han).forEach((t, d) -> df.merge(t, d, Math::max));
    } else if (!candidates.isEmpty()) {
      han.forEach(t -> df.merge(t, estimatedFrequency(t, candidates, total), Math::max));
    }
    for (String t : queryTerms) {
      long d = df.getOrDefault(t, 0L);
      idf.put(t, Math.log(1 + (total - d + 0.5) / (d + 0.5)));
    }
    return idf;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  /**
   * What a candidate that states other times than the question asks about loses: 0.2 of a fused score (cosine and
   * lexical share, each at most 1). Measured on the dev streams: news-zh-dev current@1 0.52 to 0.64 (0.1: 0.60), no
   * other stream moved; held out, news-zh-report current@5 0.875 to 0.94, nothing else moved; LoCoMo-dev recall ratio
   * 0.962 to 0.971.
   */
  static final double OTHER_TIMES_PENALTY = 0.2;

  /**
   * A question that names a year, a month or a quarter ("启明乳业2023年一季度净利润是多少？", "What did Pellworth say in
   * January 2023?") is not answered by an item that states times of that kind, none of them the asked one ("启明乳业2024年
   * 一季度收入13.4亿元"): such items lose {@value #OTHER_TIMES_PENALTY} of their score. An item that states no time of
   * that kind keeps its score (a report of "the first quarter" may well be about the asked year). Not at a past time
   * ({@code asOf}): there the question's times name the asked moment, which validity already selects.
   */
  static void otherTimes(java.util.Collection<Candidate> candidates, List<String> askedTimes) {
    if (askedTimes.isEmpty()) {
      return;
    }
    for (Candidate c : candidates) {
      if (c.signature().statesOtherTimes(askedTimes)) {
        c.score -= OTHER_TIMES_PENALTY;
        c.otherTimes = true;
      }
    }
  }

  static final class Candidate {
    final MemoryItem item;
    final long seq;
    final double cosine;
    final String vectorText;
    final List<String> matched = new ArrayList<>();
    double lexical;
    double score;
    int denseRank;
    int lexicalRank;
    UUID demotedBy;
    boolean otherTimes;
    private float[] vector;
    private Signature signature;

    Candidate(MemoryItem item, long seq, double cosine, String vectorText) {
      this.item = item;
      this.seq = seq;
      this.cosine = cosine;
      this.vectorText = vectorText;
    }

    Candidate(ItemRepository.RecallRow row) {
      this(row.item(), row.createdSeq(), row.cosine(), row.vectorText());
    }

    float[] vector() {
      if (vector == null && vectorText != null) {
        try {
          vector = new PGvector(vectorText).toArray();
        } catch (java.sql.SQLException e) {
          return null;
        }
      }
      return vector;
    }

    private List<Roles> roles;
    private Set<String> termSet;

    /** The item's terms as a set, for the pairwise checks of {@link #newestFirst}. */
    Set<String> termSet() {
      if (termSet == null) {
        termSet = Set.copyOf(item.terms());
      }
      return termSet;
    }

    List<Roles> roles() {
      if (roles == null) {
        roles = Roles.of(item.statement(), signature());
      }
      return roles;
    }

    Signature signature() {
      if (signature == null) {
        signature = Signature.of(item.statement());
      }
      return signature;
    }
  }
}
