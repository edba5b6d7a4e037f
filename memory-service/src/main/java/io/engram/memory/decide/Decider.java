package io.engram.memory.decide;

import io.engram.memory.decide.Neighbours.Near;
import io.engram.memory.extract.Changes;
import io.engram.memory.extract.Roles;
import io.engram.memory.extract.Signature;
import io.engram.memory.extract.Stage;
import io.engram.memory.extract.Statement;
import io.engram.memory.extract.Terms;
import io.engram.memory.item.MemoryItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decision rules, without a model. Pure: the same statement and neighbours give the same decision.
 *
 * <ol>
 *   <li>A slot statement ("X's A is V") is placed on its slot's timeline: same value merges, another value
 *       supersedes (or, arriving late, is added closed where the newer value begins).</li>
 *   <li>The same content terms as a stored item: NOOP (the store already holds it; support and provenance only).</li>
 *   <li>The same meaning: cosine at or above {@code mergeCosine} (calibrated on STS-B, see {@code
 *       scripts/calibrate-merge}) and signatures that agree on every name, figure and time: MERGE.</li>
 *   <li>Nothing new: a statement whose names, figures and times a related item (cosine at or above {@code
 *       subsumeCosine}) already holds, with a share of its content terms: MERGE (a headline, a shorter report).</li>
 *   <li>A change: the same frame (the statements with names, figures and times masked: cosine at or above
 *       {@code frameCosine}), related content (cosine at or above {@code changeCosine}), most relation words shared
 *       (content terms outside the names, overlap {@value #RELATION_OVERLAP}), a shared anchor (a name, or
 *       for nameless statements two content terms) and exactly one kind of filler that differs: another name in one
 *       place, other figures, or other times; or a statement that names more than the item and holds all its names.
 *       The later event time supersedes the earlier.</li>
 *   <li>A new holder of a role: the statement gives a role of a subject they both name ("chief executive") to someone
 *       else than the item does ({@link Roles}): the later event time supersedes the earlier.</li>
 *   <li>A change stated outright ("to Ba1 from Baa2", "replacing X", {@link Changes}): items whose main clause states the
 *       old value about a subject the statement names are superseded.</li>
 *   <li>Otherwise ADD.</li>
 * </ol>
 * A near vector alone never merges: "revenue $4.2bn" and "revenue $4.5bn" are near in meaning and differ in figure.
 */
public final class Decider {

  private final double mergeCosine;
  private final double frameCosine;
  private final double changeCosine;
  private final double subsumeCosine;

  public Decider(double mergeCosine, double frameCosine, double changeCosine, double subsumeCosine) {
    this.mergeCosine = mergeCosine;
    this.frameCosine = frameCosine;
    this.changeCosine = changeCosine;
    this.subsumeCosine = subsumeCosine;
  }

  public Decision decide(Statement s, Signature sig, List<String> terms, Instant eventTime, Neighbours n) {
    boolean newSlot = false;
    if (s.hasSlot()) {
      Decision slot = decideSlot(s, n);
      if (!(slot instanceof Decision.Add a) || a.closedBy() != null) {
        return slot;
      }
      newSlot = true;
    }
    if (n.sameContent().isPresent()) {
      return new Decision.Noop(n.sameContent().get(), "already held");
    }
    // another stage of the same thing is never the same meaning, nor nothing new (see Stage)
    Optional<Stage> stage = Stage.of(s.text());
    for (Near near : n.nearest()) {
      if (near.cosine() >= mergeCosine && sig.compatibleWith(near.signature()) && addsNoValue(sig, near.signature())
          && !Stage.differ(stage, near.item().statement())) {
        return new Decision.Merge(near.item(), "same meaning: cosine %.3f".formatted(near.cosine()));
      }
    }
    Set<String> headlineNames = headlineNames(sig, n.nearest());
    for (Near near : newSlot ? List.<Near>of() : n.nearest()) {
      double subsumeAt = valueCount(sig, near) >= VALUE_RICH ? Math.min(subsumeCosine, VALUE_RICH_SUBSUME_COSINE) : subsumeCosine;
      if (near.cosine() >= subsumeAt && near.signature().words().containsAll(headlineNames) && subsumed(sig, terms, near)
          && !Stage.differ(stage, near.item().statement())) {
        return new Decision.Merge(near.item(), "nothing new: its names, figures and times are all held (cosine %.3f)"
            .formatted(near.cosine()));
      }
    }
    List<Roles> roles = Roles.of(s.text(), sig);
    MemoryItem replaced = null;
    String replacedBecause = null;
    List<MemoryItem> alsoEnds = new ArrayList<>();
    for (Near near : roles.isEmpty() ? List.<Near>of() : n.nearest()) {
      String change = near.cosine() >= ROLE_CHANGE_COSINE ? roleChange(roles, sig, near) : null;
      if (change == null) {
        continue;
      }
      MemoryItem other = near.item();
      if (other.validTo() == null && !eventTime.isBefore(other.validFrom())) {
        if (replaced == null) {
          replaced = other;
          replacedBecause = change;
        } else {
          alsoEnds.add(other); // another report of the replaced holder in that role
        }
      } else if (replaced == null && eventTime.isBefore(other.validFrom())) {
        return new Decision.Add(other, "earlier " + change + ", closed where the newer begins");
      }
    }
    // a change stated outright ("cut to Ba1 from Baa2", "replacing Knut Aasland"): what stated the old value now ends
    List<Changes> changes = Changes.of(s.text());
    for (Near near : changes.isEmpty() || replaced != null ? List.<Near>of() : n.nearest()) {
      MemoryItem other = near.item();
      if (near.cosine() < ROLE_CHANGE_COSINE || other.validTo() != null || eventTime.isBefore(other.validFrom())) {
        continue;
      }
      String change = statedChange(changes, sig, near);
      if (change == null) {
        continue;
      }
      if (replaced == null) {
        replaced = other;
        replacedBecause = change;
      } else {
        alsoEnds.add(other);
      }
    }
    if (replaced != null) {
      return new Decision.Supersede(replaced, replacedBecause, alsoEnds);
    }
    // another stage of the same thing ("agreed to buy Sable Grid", then "completed its acquisition of Sable Grid"): the
    // later report supersedes, the earlier keeps its history (see Stage)
    for (Near near : stage.isEmpty() ? List.<Near>of() : n.nearest()) {
      Optional<Stage> otherStage = Stage.of(near.item().statement());
      if (near.cosine() < changeCosine || otherStage.isEmpty() || otherStage.get() == stage.get()
          || !sig.compatibleWith(near.signature()) || !sharesAName(sig, near.signature())) {
        continue;
      }
      MemoryItem other = near.item();
      String because = "%s, was %s (cosine %.3f)".formatted(stage.get().label(), otherStage.get().label(), near.cosine());
      if (other.validTo() == null && !eventTime.isBefore(other.validFrom())) {
        return new Decision.Supersede(other, because);
      }
      if (eventTime.isBefore(other.validFrom())) {
        return new Decision.Add(other, "earlier stage: " + because + ", closed where the newer begins");
      }
    }
    List<Near> byFrame = n.nearest().stream()
        .filter(near -> near.frameCosine() >= frameCosine && near.cosine() >= changeCosine)
        .sorted(Comparator.comparingDouble(Near::frameCosine).reversed().thenComparingLong(near -> near.item().lastSeq()))
        .toList();
    for (Near near : byFrame) {
      if (otherYearsPeriod(sig, near, eventTime)) {
        continue;
      }
      String filler = changedFiller(sig, terms, near);
      if (filler == null) {
        continue;
      }
      MemoryItem other = near.item();
      if (other.validTo() == null && !eventTime.isBefore(other.validFrom())) {
        return new Decision.Supersede(other, "changed %s (frame cosine %.3f)".formatted(filler, near.frameCosine()));
      }
      if (eventTime.isBefore(other.validFrom())) {
        return new Decision.Add(other, "earlier %s, closed where the newer begins".formatted(filler));
      }
    }
    // the main clauses alone: reports add clauses of their own ("..., a two-notch cut, saying ..."), the clause that
    // states the fact is the same: "X downgraded Y to Baa2 from A3" and "X downgraded Y to Ba1 from Baa2"
    String clause = mainClause(s.text());
    Signature clauseSig = Signature.of(clause);
    List<String> clauseTerms = Terms.of(clause);
    for (Near near : n.nearest()) {
      if (near.cosine() < changeCosine || otherYearsPeriod(sig, near, eventTime)) {
        continue;
      }
      String otherClause = mainClause(near.item().statement());
      Signature otherSig = Signature.of(otherClause);
      if (overlap(frameWords(clauseSig), frameWords(otherSig)) < CLAUSE_FRAME_OVERLAP
          || Math.abs(frameWords(clauseSig).size() - frameWords(otherSig).size()) > 2) {
        continue;
      }
      List<String> otherTerms = Terms.of(otherClause);
      String filler = changedFiller(clauseSig, clauseTerms, otherSig, otherTerms, otherTerms);
      if (filler == null) {
        continue;
      }
      MemoryItem other = near.item();
      String because = "changed %s in the main clause".formatted(filler);
      if (other.validTo() == null && !eventTime.isBefore(other.validFrom())) {
        return new Decision.Supersede(other, because);
      }
      if (eventTime.isBefore(other.validFrom())) {
        return new Decision.Add(other, "earlier: " + because + ", closed where the newer begins");
      }
    }
    return new Decision.Add(null, "new statement");
  }

  /** Days apart beyond which two reports of a period named without its year ("first-quarter", "一季度") are two years'. */
  static final long PERIOD_YEAR_DAYS = 180;

  /**
   * Whether a statement and a near item name the same quarter or half without a year, reported so far apart that they
   * are that period of two different years: "revenue for the first quarter" in April 2023 and in April 2024 are two
   * figures of two quarters, not a change of one.
   */
  static boolean otherYearsPeriod(Signature sig, Near near, Instant eventTime) {
    if (!sharesTime(sig, near, "period")) {
      return false;
    }
    long days = Math.abs(Duration.between(near.item().validFrom(), eventTime).toDays());
    return days > PERIOD_YEAR_DAYS && !sharesTime(sig, near, "year");
  }

  /** Whether a statement and a near item state one time of this kind ({@link Signature#timeKind}). */
  private static boolean sharesTime(Signature sig, Near near, String kind) {
    return sig.times().stream().anyMatch(t -> kind.equals(Signature.timeKind(t)) && near.signature().times().contains(t));
  }

  /** Whether two statements name something in common (a word of a name both hold). */
  private static boolean sharesAName(Signature a, Signature b) {
    return a.nameWords().stream().anyMatch(b.nameWords()::contains);
  }

  /**
   * Whether a statement adds nothing to a near item: it counts or dates something or names two things, everything it names, counts
   * and dates the item holds too, and at least {@value #SUBSUMED_TERMS} of its content terms are the item's
   * ({@value #SUBSUMED_TERMS_NAMES_ONLY} when it has no figure or time) (a headline
   * and the story's lead sentence; another outlet's shorter report of the same fact).
   */
  static boolean subsumed(Signature sig, List<String> terms, Near near) {
    Signature other = near.signature();
    int names = namesOf(sig, near);
    // specific enough to judge by its values: a figure or a time, or at least two names
    if (sig.figures().isEmpty() && sig.times().isEmpty() && names < 2) {
      return false;
    }
    if (!other.words().containsAll(sig.nameWords()) || !other.figures().containsAll(sig.figures())
        || !other.times().containsAll(sig.times())) {
      return false;
    }
    Set<String> own = new HashSet<>(terms);
    if (own.isEmpty()) {
      return false;
    }
    // a figure is one term or two as written ("$4.9bn" is 4.9bn, "$4.9 billion" 4.9 and billion): its number is what is held
    Set<String> itemTerms = new HashSet<>(near.item().terms());
    long held = own.stream().filter(t -> itemTerms.contains(t) || itemTerms.contains(numberOf(t))).count();
    // a statement that only names things must say little else: "Piet Vos hired twelve analysts" adds to "Piet Vos
    // runs the office" though it names nothing new
    double needed = sig.figures().isEmpty() && sig.times().isEmpty() ? SUBSUMED_TERMS_NAMES_ONLY : SUBSUMED_TERMS;
    return (double) held / own.size() >= needed;
  }

  private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+(?:[.,]\\d+)*)\\p{L}+$");

  /** The number a term opens with when a unit is written onto it ("4.9bn", "45p", "300k"), else the term itself. */
  static String numberOf(String term) {
    Matcher m = LEADING_NUMBER.matcher(term);
    return m.matches() ? m.group(1) : term;
  }

  /**
   * The names a statement states, as far as a near item can tell: its own; for a headline in capitals, where case
   * shows no names, the near item's names that it mentions ("NORTHVALE PICKS OSEI AS FINANCE CHIEF" names Northvale
   * and Osei when the item does).
   */
  static int namesOf(Signature sig, Near near) {
    if (!sig.names().isEmpty() || !Signature.shouting(sig.frame())) {
      return sig.names().size();
    }
    int n = 0;
    for (String name : near.signature().names()) {
      for (String w : name.split("[\\s\\-]+")) {
        String k = w.replaceAll("['’.]s?$", "");
        if (k.length() >= 3 && sig.words().contains(k)) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /**
   * The words of a headline in capitals that the near items use as names ("GREYWELL" when an item names Greywell Pharma):
   * case shows no names in a headline, the store does; empty for a statement in ordinary case.
   */
  static Set<String> headlineNames(Signature sig, List<Near> nearest) {
    if (!sig.names().isEmpty() || !Signature.shouting(sig.frame())) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (Near near : nearest) {
      for (String w : near.signature().nameWords()) {
        if (w.length() >= 3 && sig.words().contains(w)) {
          out.add(w);
        }
      }
    }
    return out;
  }



  /**
   * Whether a statement states no figure and no time that {@code item} lacks: merged into the item, it would lose them
   * ("reported first-quarter revenue of $1.82 billion and reaffirmed its $7.45-7.6 billion forecast" is not merged into
   * "expects revenue of $7.45-7.6 billion").
   */
  static boolean addsNoValue(Signature sig, Signature item) {
    return item.figures().containsAll(sig.figures()) && item.times().containsAll(sig.times());
  }

  /** How many names, figures and times a statement states. */
  static int valueCount(Signature sig, Near near) {
    return namesOf(sig, near) + sig.figures().size() + sig.times().size();
  }

  /**
   * Values from which a statement whose values a near item all holds adds nothing at the lower cosine {@value
   * #VALUE_RICH_SUBSUME_COSINE}: a wire headline ("ACME Q3 REVENUE SLIPS TO $1.88 BLN") and its story's long lead
   * sentence are far apart as whole texts, but three values held together are no coincidence.
   */
  static final int VALUE_RICH = 3;

  /** Least cosine for a statement with {@value #VALUE_RICH} or more values, all held by the near item, to add nothing. */
  static final double VALUE_RICH_SUBSUME_COSINE = 0.5;

  /** Least share of a statement's content terms a near item must hold for the statement to add nothing. */
  static final double SUBSUMED_TERMS = 0.3;

  /** The same for a statement with names but no figure or time. */
  static final double SUBSUMED_TERMS_NAMES_ONLY = 0.75;

  /**
   * What differs between a statement and a near item of the same frame, when exactly one kind of filler does and
   * they share an anchor: "name", "figure" or "time"; null when they are not two values of one thing.
   */
  static String changedFiller(Signature sig, List<String> terms, Near near) {
    return changedFiller(sig, terms, near.signature(), near.item().terms(), Terms.of(near.item().statement()));
  }

  /**
   * {@link #changedFiller(Signature, List, Near)} on two texts' signatures and terms: {@code otherIndexTerms} (what the
   * other is indexed by) for a shared anchor, {@code otherTerms} (its own words) for the relation.
   */
  static String changedFiller(Signature sig, List<String> terms, Signature other, List<String> otherIndexTerms,
      List<String> otherTerms) {
    Set<String> sharedNames = new HashSet<>(sig.nameWords());
    sharedNames.retainAll(other.words());
    Set<String> sharedTerms = new HashSet<>(terms);
    sharedTerms.retainAll(otherIndexTerms);
    boolean anchored = !sharedNames.isEmpty() || sig.names().isEmpty() && other.names().isEmpty() && sharedTerms.size() >= 2;
    if (!anchored) {
      return null;
    }
    // the same relation in words too: most content words outside the names are shared (masking alone makes short
    // statements look alike: "X hired twelve analysts for the X office" is not "the X office moved to X")
    if (overlap(relationTerms(terms, sig), relationTerms(otherTerms, other)) < RELATION_OVERLAP) {
      return null;
    }
    boolean names = sig.namesConflict(other);
    boolean figures = Signature.differBothWays(Set.copyOf(sig.figures()), Set.copyOf(other.figures()));
    boolean times = sig.timesConflict(other);
    // one other name at a time: two appointments to two roles ("X named A finance chief", "X named B risk chief")
    // differ in two places and are two facts
    if (names && (figures || unmatchedNames(sig, other) > 1 || unmatchedNames(other, sig) > 1)) {
      return null;
    }
    if (figures && times) {
      // another figure for another period ("first-quarter revenue $4.2bn", "second-quarter revenue $4.5bn"): two facts
      // that both stay true; recall ranks the later first unless the question names the period
      return null;
    }
    if (names) {
      return "name";
    }
    if (figures) {
      return "figure";
    }
    if (times) {
      return "time";
    }
    // the statement names more than the item and holds all the item names ("Acme names John Smith chief executive
    // after Jane Doe's departure" over "Acme named Jane Doe chief executive"): the newer report replaces the older;
    // when it only adds detail, nothing is lost either, the replacing statement holds everything the older said
    return sig.namesMore(other) ? "names more" : null;
  }

  /**
   * Whether a statement gives a role of a subject to another holder than a near item does ("Halvorsen named Claire
   * Dubois as chief executive" over "Halvorsen chief executive Ingrid Lundqvist told ..."): the same role (see {@link
   * Roles#sameRole}), holders with no word in common, a subject both name outside the holders and roles, the
   * statement does not give the role to the item's holder as well, and the item says little else (at most {@value
   * #ROLE_STATEMENT_REST} other content terms: an appointment, not a speech of the holder's). Null when it does not.
   */
  static String roleChange(List<Roles> mine, Signature sig, Near near) {
    List<Roles> theirs = Roles.of(near.item().statement(), near.signature());
    for (Roles a : mine) {
      for (Roles b : theirs) {
        if (!a.sameRole(b) || !Collections.disjoint(a.holderWords(), b.holderWords())) {
          continue;
        }
        Set<String> anchor = new HashSet<>(sig.nameWords());
        anchor.retainAll(near.signature().nameWords());
        anchor.removeAll(a.holderWords());
        anchor.removeAll(b.holderWords());
        anchor.removeAll(List.of(a.role().toLowerCase(Locale.ROOT).split(" ")));
        anchor.removeAll(List.of(b.role().toLowerCase(Locale.ROOT).split(" ")));
        if (anchor.isEmpty() || mine.stream().anyMatch(m -> m.sameRole(b) && m.holderWords().containsAll(b.holderWords()))) {
          continue;
        }
        if (besidesRole(b) > ROLE_STATEMENT_REST || attribution(b)) {
          continue; // the item reports something else about the holder (a resignation and its reasons, a speech): it stays
        }
        return "another holder of %s: %s -> %s".formatted(b.role(), String.join(" ", b.holderWords()),
            String.join(" ", a.holderWords()));
      }
    }
    return null;
  }

  /** A reporting verb right after the holder: the role names who said something ("..., chief executive Jane Doe said."). */
  private static final Pattern REPORTED = Pattern.compile("^[\\s,]*(?:said|says|told|tells|added|adds|wrote|writes|noted|notes"
      + "|explained|warned|announced)\\b", Pattern.CASE_INSENSITIVE);

  /**
   * Whether the clause that gives a role attributes what the statement says to its holder ("..., as volumes returned,
   * interim chief executive Daniel Whitcombe said."): the statement reports a fact that stays true when the holder
   * changes, so a new holder does not end it.
   */
  static boolean attribution(Roles role) {
    String clause = role.clause();
    String lower = clause.toLowerCase(Locale.ROOT);
    int end = -1;
    for (String w : role.holderWords()) {
      int at = lower.lastIndexOf(w);
      end = Math.max(end, at < 0 ? -1 : at + w.length());
    }
    return end >= 0 && REPORTED.matcher(clause.substring(end).replaceFirst("^['’]s?", "")).find();
  }

  /**
   * Most content terms the clause that gives an item's role may hold besides names, dates and the role for a new holder
   * to replace the item ("X appointed Jane Doe as chief executive", not "chief executive Jane Doe told a conference that").
   */
  static final int ROLE_STATEMENT_REST = 4;

  private static final Pattern MONTH = Pattern.compile(
      "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*");

  /** How many content terms of the clause that gives a role are neither names, dates nor the role's. */
  static int besidesRole(Roles role) {
    Set<String> rest = relationTerms(Terms.of(role.clause()), Signature.of(role.clause()));
    rest.removeAll(role.roleTerms());
    rest.removeIf(t -> t.chars().allMatch(Character::isDigit) || MONTH.matcher(t).matches()); // its date
    return rest.size();
  }

  /** Least cosine of two statements for a change of role holder: the role and the named subject carry the rest. */
  static final double ROLE_CHANGE_COSINE = 0.3;

  /**
   * Whether a statement says that a value a near item states was replaced: the item's main clause (relative clauses
   * left out) holds the old value and the item does not hold the new one, and both name a subject besides the values.
   */
  static String statedChange(List<Changes> changes, Signature sig, Near near) {
    Signature clause = Signature.of(mainClause(RELATIVE.matcher(near.item().statement()).replaceAll("")));
    for (Changes c : changes) {
      if (!Changes.holds(clause, c.oldValue()) || c.newValue() != null && Changes.holds(near.signature(), c.newValue())) {
        continue;
      }
      Set<String> anchor = new HashSet<>(sig.nameWords());
      anchor.retainAll(near.signature().nameWords());
      anchor.removeAll(Changes.words(c.oldValue()));
      if (c.newValue() != null) {
        anchor.removeAll(Changes.words(c.newValue()));
      }
      if (!anchor.isEmpty()) {
        return c.newValue() == null ? "replaced: " + c.oldValue() : "changed from %s to %s".formatted(c.oldValue(), c.newValue());
      }
    }
    return null;
  }

  private static final Pattern RELATIVE = Pattern.compile(",\\s+(?:which|who|whose)\\b[^,]*,");

  /** Least overlap of two main clauses' frame words (names, figures and times masked) for a change between them. */
  static final double CLAUSE_FRAME_OVERLAP = 0.8;

  private static final Pattern CLAUSE_END = Pattern.compile("[,;:]\\s|\\s[-–—]\\s|\\s\\(");

  /**
   * The clause that states a sentence's fact: the sentence up to the first clause boundary (comma, semicolon, dash,
   * parenthesis; not the comma inside a date) after at least {@value #MAIN_CLAUSE_WORDS} words ("Pellworth, which ..." reads on).
   */
  static String mainClause(String statement) {
    Matcher m = CLAUSE_END.matcher(statement);
    List<int[]> dates = io.engram.memory.extract.Values.dateRanges(statement);
    while (m.find()) {
      int at = m.start();
      if (dates.stream().anyMatch(d -> at >= d[0] && at < d[1])) {
        continue; // the comma of "August 23, 2024" is inside a date
      }
      String head = statement.substring(0, m.start()).strip();
      if (head.split("\\s+").length >= MAIN_CLAUSE_WORDS) {
        return head;
      }
    }
    return statement.strip().replaceAll("[.!?。！？]+$", "");
  }

  static final int MAIN_CLAUSE_WORDS = 5;

  /** The words of a signature's frame, lower case, the masks included. */
  static Set<String> frameWords(Signature sig) {
    Set<String> out = new HashSet<>();
    for (String w : sig.frame().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** Least overlap of two statements' relation words (content terms outside their names) for a change. */
  static final double RELATION_OVERLAP = 0.6;

  /** A statement's content terms without the terms of its names: what it says about them. */
  static Set<String> relationTerms(List<String> terms, Signature sig) {
    Set<String> out = new HashSet<>(terms);
    sig.names().forEach(n -> out.removeAll(Terms.of(n)));
    return out;
  }

  /** Overlap coefficient: shared / size of the smaller set (1 when both are empty). */
  static double overlap(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty() ? 1 : 0;
    }
    Set<String> shared = new HashSet<>(a);
    shared.retainAll(b);
    return (double) shared.size() / Math.min(a.size(), b.size());
  }

  /** How many of {@code a}'s names have no word in {@code b}. */
  static int unmatchedNames(Signature a, Signature b) {
    int n = 0;
    for (String name : a.names()) {
      boolean matched = false;
      for (String w : name.split("[\\s\\-]+")) {
        if (b.words().contains(w.replaceAll("['’.]s?$", ""))) {
          matched = true;
          break;
        }
      }
      n += matched ? 0 : 1;
    }
    return n;
  }

  /**
   * Places a slot statement on its slot's timeline: the item valid at the statement's event time either has the
   * same value (merge) or is superseded from that time on; a statement older than everything in the slot is added
   * as history, closed where the next known value begins.
   */
  private static Decision decideSlot(Statement s, Neighbours n) {
    if (n.slotAtTime().isPresent()) {
      MemoryItem then = n.slotAtTime().get();
      if (then.valueKey().equals(s.valueKey())) {
        return new Decision.Merge(then, "same value in slot " + s.subjectKey() + " / " + s.attributeKey());
      }
      return new Decision.Supersede(then, "value changed: " + then.valueKey() + " -> " + s.valueKey());
    }
    if (n.slotAfter().isPresent()) {
      MemoryItem after = n.slotAfter().get();
      if (after.valueKey().equals(s.valueKey())) {
        return new Decision.Merge(after, "same value, stated earlier");
      }
      return new Decision.Add(after, "late value, closed where a newer one begins");
    }
    return new Decision.Add(null, "new slot " + s.subjectKey() + " / " + s.attributeKey());
  }
}
