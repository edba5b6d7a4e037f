package io.engram.llm.deep;

import io.engram.llm.fusion.Passage;
import io.engram.llm.text.Terms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline planner: multi-hop questions name one entity and need facts about another that only the
 * first one's passage mentions (the "bridge"). Two judgements, no model:
 * <ol>
 * <li>Coverage: question terms that no top passage contains are missing; they become a query of their
 * own (a comparison question whose second entity was not retrieved).</li>
 * <li>Bridges: candidate names from the top passages (capitalised multi-word names, and capitalised
 * words that are not sentence-initial), scored by novelty (share of their terms neither in the question
 * nor in earlier queries), by the rank of the passage they come from, and by how close they
 * sit to the question's relation terms in that passage (question terms other than the passage's own
 * subject: a bridge is named where the relation the question asks about is stated).
 * Names from a passage whose subject the question names weigh twice: the first hop starts there. A name
 * that already has its own passage is still a bridge while that passage leaves question terms uncovered.
 * Each chosen bridge is searched together with the question terms its own passage (when found), else the
 * passage naming it, did not already cover.</li>
 * </ol>
 * Works on any language with capitalisation for bridges and on every language for coverage.
 */
public class BridgeTermPlanner implements FollowUpPlanner {

  /** Passages of the fused ranking a planner looks at. */
  static final int TOP_PASSAGES = 4;
  /** Passages a question term must appear in to count as covered. */
  static final int COVERAGE_PASSAGES = 10;
  /** How much each further retrieved passage that mentions a candidate lowers its score. */
  static final double COMMONNESS_PENALTY = 0.5;
  /** Weight of names from a passage whose subject the question names (where the first hop starts). */
  static final double ANCHOR_WEIGHT = 2.0;

  private static final Pattern NAME = Pattern.compile(
      "\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:\\s+(?:(?:of|the|de|del|da|von|van|der|du|la|le|y)\\s+)?\\p{Lu}[\\p{L}\\p{M}'’.-]*)*");

  private static final Pattern LEADING_ARTICLE = Pattern.compile("^(?:The|A|An|Le|La|Les|Der|Die|Das|El|Il)\\s+");

  @Override
  public String name() {
    return "bridge-terms";
  }

  record Candidate(String text, double score, String fromPassage) {
  }

  @Override
  public Plan plan(String question, List<Passage> fused, Set<String> askedQueries, int maxQueries, Duration timeLeft) {
    Set<String> q = Terms.set(question);
    Set<String> asked = new HashSet<>();
    askedQueries.forEach(a -> asked.addAll(Terms.set(a)));
    List<String> queries = new ArrayList<>();
    List<String> reasons = new ArrayList<>();

    // 1. coverage: what the question needs that no retrieved passage mentions
    Set<String> covered = new HashSet<>();
    fused.stream().limit(COVERAGE_PASSAGES).forEach(p -> covered.addAll(Terms.set(full(p))));
    // only names count as missing: a generic word of the question ("larger", "connected") missing from the
    // passages says nothing about a missing document; in scripts without capitals every term is a candidate
    Set<String> named = namedTerms(question);
    List<String> missing = q.stream().filter(t -> !covered.contains(t) && (named == null || named.contains(t))).toList();
    if (!missing.isEmpty()) {
      String query = surfaceSpan(question, missing);
      if (isNew(query, askedQueries)) {
        queries.add(query);
        reasons.add("missing " + missing);
      }
    }

    // 2. bridges: names in the top passages that the question does not contain
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    List<Passage> top = fused.stream().limit(TOP_PASSAGES).toList();
    // names that already have their own passage here: what that passage leaves of the question is what a
    // query about the name still has to find (the actor is found; who he had a child with is not)
    Map<String, Passage> known = new HashMap<>();
    fused.stream().limit(COVERAGE_PASSAGES).filter(p -> p.title() != null)
        .forEach(p -> known.putIfAbsent(nameKey(subjectOf(p.title())), p));
    // found names whose passage covers the whole question: not missing
    Set<String> settled = new HashSet<>();
    known.forEach((name, p) -> {
      if (uncovered(q, p).isEmpty()) {
        settled.add(name);
      }
    });
    for (int rank = 0; rank < top.size(); rank++) {
      Passage p = top.get(rank);
      // the passage of an entity the question names is where the first hop starts: its names come first
      boolean anchor = namedBy(q, p);
      double rankWeight = (anchor ? ANCHOR_WEIGHT : 1.0) / (1 + rank);
      // the passage's subject is named everywhere in it; what ties a bridge to the question are the other
      // question terms (the relation: born, directed, founded ...) in the same sentence
      Set<String> subject = p.title() == null ? Set.of() : Terms.set(p.title());
      Set<String> relation = new HashSet<>(q);
      relation.removeAll(subject);
      String text = p.text();
      for (int[] span : Terms.sentences(text)) {
        String sentence = text.substring(span[0], span[1]);
        Set<String> sentenceTerms = Terms.set(sentence);
        long shared = relation.stream().filter(sentenceTerms::contains).count();
        double proximity = 0.5 + Math.min(1.0, shared / (double) Math.max(1, Math.min(3, relation.size())));
        Matcher m = NAME.matcher(sentence);
        while (m.find()) {
          String name = m.group().strip().replaceAll("[.'’-]+$", "");
          int at = m.start();
          // a leading article is not part of the name ("The Thames" -> "Thames")
          Matcher article = LEADING_ARTICLE.matcher(name);
          if (article.find()) {
            at += article.end();
            name = name.substring(article.end());
          }
          boolean initial = at == 0;
          boolean multiword = name.contains(" ");
          if (initial && !multiword) {
            continue; // a capital at the start of a sentence says nothing
          }
          if (settled.contains(nameKey(name))) {
            continue;
          }
          offer(candidates, name, q, asked, rankWeight * proximity * (multiword ? 1.0 : 0.6), p);
        }
      }
    }
    // a name that most retrieved passages mention (a country, a year's month) is background, not a bridge
    List<Set<String>> retrievedTerms = fused.stream().limit(COVERAGE_PASSAGES).map(p -> Terms.set(full(p))).toList();
    candidates.replaceAll((key, c) -> {
      Set<String> terms = Terms.set(c.text());
      long df = retrievedTerms.stream().filter(t -> t.containsAll(terms)).count();
      return new Candidate(c.text(), c.score() / (1 + COMMONNESS_PENALTY * Math.max(0, df - 1)), c.fromPassage());
    });
    List<Candidate> ranked = new ArrayList<>(candidates.values());
    // stable sort: equal scores keep the order of first mention
    ranked.sort(Comparator.comparingDouble(Candidate::score).reversed());
    Map<String, Passage> byId = new HashMap<>();
    fused.forEach(p -> byId.put(p.id(), p));
    for (Candidate c : ranked) {
      if (queries.size() >= maxQueries) {
        break;
      }
      // with the question terms neither the name's own passage (when found) nor the passage naming it covers
      Passage own = known.get(nameKey(c.text()));
      List<String> rest = uncovered(q, own != null ? own : byId.get(c.fromPassage()));
      String query = (c.text() + " " + String.join(" ", rest)).strip();
      if (isNew(query, askedQueries) && queries.stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).contains(c.text().toLowerCase(Locale.ROOT)))) {
        queries.add(query);
        reasons.add("bridge '" + c.text() + "'");
      }
    }
    List<String> limited = queries.stream().limit(maxQueries).toList();
    return new Plan(limited, limited.isEmpty() ? "nothing missing and no new bridge" : String.join("; ", reasons.subList(0, limited.size())), 0);
  }

  /**
   * Terms of the question that are written as names (capitalised, not only because they start the
   * question), or null when the question uses no capitals at all (e.g. Chinese).
   */
  public static Set<String> namedTerms(String question) {
    boolean anyCased = question.codePoints().anyMatch(Character::isUpperCase)
        || question.codePoints().anyMatch(Character::isLowerCase);
    if (!anyCased) {
      return null;
    }
    Set<String> named = new HashSet<>();
    Matcher m = NAME.matcher(question);
    while (m.find()) {
      String name = m.group();
      if (m.start() == question.indexOf(name.charAt(0)) && !name.contains(" ") && m.start() == firstLetter(question)) {
        continue; // the question's first word is capitalised anyway
      }
      named.addAll(Terms.set(name));
    }
    Matcher digits = Pattern.compile("\\p{N}+").matcher(question);
    while (digits.find()) {
      named.addAll(Terms.set(digits.group()));
    }
    return named;
  }

  private static int firstLetter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static void offer(Map<String, Candidate> candidates, String name, Set<String> q, Set<String> asked,
      double weight, Passage from) {
    Set<String> terms = Terms.set(name);
    if (terms.isEmpty()) {
      return;
    }
    long novel = terms.stream().filter(t -> !q.contains(t) && !asked.contains(t)).count();
    if (novel == 0) {
      return;
    }
    double novelty = novel / (double) terms.size();
    double score = weight * novelty * (1 + 0.25 * Math.min(3, terms.size() - 1));
    String key = String.join(" ", terms);
    Candidate existing = candidates.get(key);
    // a name mentioned in several top passages is likelier the bridge: scores add up
    candidates.put(key, existing == null ? new Candidate(name, score, from.id())
        : new Candidate(existing.text(), existing.score() + score, existing.fromPassage()));
  }

  /** A name as a lookup key: its terms, in order ("The Paul Gross" and "paul gross" alike). */
  private static String nameKey(String name) {
    return String.join(" ", Terms.set(name));
  }

  private static List<String> uncovered(Set<String> question, Passage p) {
    Set<String> passageTerms = Terms.set(full(p));
    return question.stream().filter(t -> !passageTerms.contains(t)).toList();
  }

  /** Whether the question (its terms) names the passage's subject: all terms of its title. */
  static boolean namedBy(Set<String> question, Passage p) {
    if (p.title() == null) {
      return false;
    }
    Set<String> subject = Terms.set(subjectOf(p.title()));
    return !subject.isEmpty() && question.containsAll(subject);
  }

  /** A title without its disambiguation: "William Buckley (convict)" -> "William Buckley". */
  public static String subjectOf(String title) {
    return title.replaceAll("\\s*\\([^)]*\\)\\s*$", "");
  }

  private static String full(Passage p) {
    return p == null ? "" : p.title() == null ? p.text() : p.title() + " " + p.text();
  }

  /** The shortest stretch of the question that holds all missing terms, in the question's own words. */
  static String surfaceSpan(String question, List<String> missing) {
    Set<String> want = new LinkedHashSet<>(missing);
    String[] words = question.split("\\s+");
    int first = -1;
    int last = -1;
    for (int i = 0; i < words.length; i++) {
      Set<String> t = Terms.set(words[i]);
      if (t.stream().anyMatch(want::contains)) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return String.join(" ", missing);
    }
    return String.join(" ", java.util.Arrays.copyOfRange(words, first, last + 1)).replaceAll("[?!.,;:]+$", "");
  }

  private static boolean isNew(String query, Set<String> asked) {
    Set<String> terms = Terms.set(query);
    if (terms.isEmpty()) {
      return false;
    }
    for (String a : asked) {
      if (Terms.set(a).equals(terms)) {
        return false;
      }
    }
    return true;
  }
}
