package io.engram.memory.extract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who fills which role in a statement, read from English apposition, the way news and notes name people in roles:
 * a role phrase right before a name ("chief executive Ingrid Lundqvist", "finance chief Rahul Mehta", "head coach Ana
 * Ruiz"), after it with "as" ("named Claire Dubois, a former ..., as chief executive"), or a post taken ("was promoted to
 * chief commercial officer", "takes the chief commercial officer job"). The role phrase is the
 * lower-case words next to the name, up to three, stopping at function words and verbs; no list of roles: any role in
 * any domain. Two statements about one subject (a shared name) that give one role to different holders disagree on
 * who holds it: a change. Chinese text is read by {@link ChineseRoles}, from HanLP's part-of-speech tags.
 *
 * @param role        the role phrase as written, lower case
 * @param roleTerms   its analyzed terms (stemmed), for comparing "chief executive" with "chief executive officer"
 * @param holderWords the words of the name that holds the role
 * @param clause      the clause that gives the role: from the holder to the role phrase, to the punctuation around them
 */
public record Roles(String role, Set<String> roleTerms, Set<String> holderWords, String clause) {

  private static final Pattern BEFORE = Pattern.compile("(?:^|[^\\p{L}'’-])((?:(?:\\p{Ll}[\\p{Ll}'’-]*|\\p{Lu}{2,5}) ){1,4})$");
  private static final Pattern AFTER_AS = Pattern.compile("^(?:,[^,;]{1,120},)?((?:\\s+\\p{Ll}+){0,3}?)\\s+as\\s+(?:(?:its|the|their|new|interim|acting"
      + "|permanent|full-time)\\s+)*((?:\\p{Ll}[\\p{Ll}-]*|\\p{Lu}{2,5})(?: \\p{Ll}[\\p{Ll}-]*){0,3})");
  /** Leaving a role ("has resigned as chief executive"): the name no longer holds it. */
  private static final Pattern LEAVING = Pattern.compile("(?i)\\b(?:resign|step|stepp|left|leav|quit|retir|depart|exit|ousted|fired"
      + "|dismissed|removed)\\w*");
  /** A promotion or a post taken ("was promoted to chief commercial officer", "takes the chief commercial officer job"). */
  private static final Pattern AFTER_TO = Pattern.compile("^(?:,[^,;]{1,120},)?(?:\\s+\\p{Ll}+){0,2}?\\s+(?:promoted|elevated|named"
      + "|appointed|returns?|returned)\\s+to\\s+(?:the\\s+)?((?:\\p{Ll}[\\p{Ll}-]*|\\p{Lu}{2,5})(?: \\p{Ll}[\\p{Ll}-]*){0,3})"
      + "|^(?:,[^,;]{1,120},)?\\s+(?:takes|took|will take|has taken)\\s+(?:over\\s+)?the\\s+((?:\\p{Ll}[\\p{Ll}-]*|\\p{Lu}{2,5})"
      + "(?: \\p{Ll}[\\p{Ll}-]*){0,3}?)\\s+(?:job|post|role|position|seat)\\b");
  /** An acronym right after the name ("named Jane Doe CEO"). */
  private static final Pattern AFTER_ACRONYM = Pattern.compile("^\\s+(\\p{Lu}{2,5})\\b");
  /** Words that end a role phrase on its outer side: reporting verbs and connectors, beside the stop words. */
  private static final Set<String> NOT_ROLE = Set.of("said", "says", "told", "tells", "named", "names", "appointed", "hired",
      "picked", "picks", "promoted", "replaced", "replacing", "succeeded", "succeeding", "became", "become", "becomes",
      "effective", "new", "former", "interim", "acting", "longtime", "long-serving", "veteran", "current", "then", "its",
      "their", "whose", "also", "will", "would", "could", "can", "may", "was", "is", "has", "had", "have", "be", "been", "now",
      "from", "after", "before", "since", "until", "who", "which", "that", "said.", "by", "with", "and", "or", "of", "to", "for",
      "in", "on", "at", "as", "a", "an", "the", "this", "his", "her", "our", "my", "your", "while", "when", "because", "but",
      "so", "if", "than", "into", "through", "during", "about", "over", "under", "there", "where", "it", "they", "he", "she");

  /** The roles a statement gives to the names it holds. */
  public static List<Roles> of(String statement, Signature sig) {
    if (Terms.hasHan(statement)) {
      return ChineseRoles.of(statement);
    }
    List<Roles> out = new ArrayList<>();
    if (Signature.shouting(statement)) {
      return out;
    }
    String lower = statement.toLowerCase(Locale.ROOT);
    for (String name : sig.names()) {
      int at = lower.indexOf(name);
      if (at < 0 || name.split("\\s+").length > 4) {
        continue;
      }
      Set<String> holder = words(name);
      if (holder.stream().anyMatch(w -> !w.chars().allMatch(Character::isLetter))) {
        continue; // an identifier ("ticket LB-48213") is not a holder
      }
      // a role that opens the sentence is capitalized ("Chief executive Lena Fairbanks")
      String before = statement.substring(0, at);
      if (!before.isEmpty() && Character.isUpperCase(before.charAt(0)) && !before.matches("^\\p{Lu}{2,5}\\b.*")) {
        before = Character.toLowerCase(before.charAt(0)) + before.substring(1);
      }
      Matcher b = BEFORE.matcher(before);
      if (b.find()) {
        add(out, outerTrim(b.group(1).strip().split(" "), true), holder, clause(statement, b.start(1), at + name.length()));
      }
      String after = statement.substring(at + name.length());
      Matcher a = AFTER_AS.matcher(after);
      if (a.find() && !LEAVING.matcher(a.group(1)).find()) {
        int end = at + name.length() + a.end(2);
        add(out, outerTrim(a.group(2).strip().split(" "), false), holder, clause(statement, at, end));
      }
      Matcher to = AFTER_TO.matcher(after);
      if (to.find()) {
        int g = to.group(1) != null ? 1 : 2;
        add(out, outerTrim(to.group(g).strip().split(" "), false), holder, clause(statement, at, at + name.length() + to.end(g)));
      }
      Matcher acronym = AFTER_ACRONYM.matcher(after);
      if (acronym.find()) {
        add(out, List.of(acronym.group(1)), holder, clause(statement, at, at + name.length() + acronym.end()));
      }
      // an acronym inside a run of capitalized words is a role between an owner and a holder ("Acme CEO John Smith")
      // or after a holder at its end ("named Jane Doe CEO")
      String[] written = statement.substring(at, at + name.length()).split("\\s+");
      for (int k = 1; k < written.length; k++) {
        if (written[k].matches("\\p{Lu}{2,5}")) {
          String[] holderWords = k < written.length - 1 ? java.util.Arrays.copyOfRange(written, k + 1, written.length)
              : k >= 2 ? java.util.Arrays.copyOfRange(written, 0, k) : new String[0];
          if (holderWords.length > 0) {
            add(out, List.of(written[k]), words(String.join(" ", holderWords).toLowerCase(Locale.ROOT)),
                clause(statement, at, at + name.length()));
          }
          break;
        }
      }
    }
    return out;
  }

  /** The words of a role phrase next to the name: from the name outwards, until a function word or verb. */
  private static List<String> outerTrim(String[] words, boolean beforeName) {
    List<String> kept = new ArrayList<>();
    for (int k = 0; k < words.length; k++) {
      String w = words[beforeName ? words.length - 1 - k : k].replaceAll("[,.;:]+$", "");
      String l = w.toLowerCase(Locale.ROOT);
      // verbs in the past and adverbs are not part of a role ("opened ticket", "recently")
      if (w.isEmpty() || NOT_ROLE.contains(l) || l.endsWith("ly") || l.endsWith("ed") || kept.size() == 3) {
        break;
      }
      kept.add(beforeName ? 0 : kept.size(), w);
      if (w.matches("\\p{Lu}{2,5}")) {
        break; // an acronym is a whole role ("CEO")
      }
    }
    return kept;
  }

  /** The text from {@code start} to {@code end}, widened to the punctuation (or sentence ends) around it. */
  static String clause(String statement, int start, int end) {
    int from = start;
    while (from > 0 && ",;:()".indexOf(statement.charAt(from - 1)) < 0) {
      from--;
    }
    int to = Math.min(end, statement.length());
    while (to < statement.length() && ",;:()".indexOf(statement.charAt(to)) < 0) {
      to++;
    }
    return statement.substring(from, to).strip();
  }

  private static void add(List<Roles> out, List<String> phrase, Set<String> holder, String clause) {
    if (phrase.isEmpty() || phrase.stream().noneMatch(w -> w.length() >= 4 || w.matches("\\p{Lu}{2,5}"))) {
      return;
    }
    String role = String.join(" ", phrase);
    Set<String> acronyms = Acronyms.in(role);
    Set<String> terms = new LinkedHashSet<>(Terms.of(role));
    if (!terms.isEmpty()) {
      out.add(new Roles(acronyms.isEmpty() ? role.toLowerCase(Locale.ROOT) : role, Set.copyOf(terms), holder, clause));
    }
  }

  private static Set<String> words(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : name.split("[\\s\\-]+")) {
      String k = w.replaceAll("['’.]s?$", "");
      if (!k.isEmpty()) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Whether two role phrases name one role: the same terms, or the terms of one (two or more) hold all the terms of the
   * other, or one is an acronym the other spells ("CEO", "chief executive").
   */
  public boolean sameRole(Roles other) {
    if (Terms.hasHan(role) || Terms.hasHan(other.role)) {
      return ChineseRoles.sameTitle(role, other.role);
    }
    if (roleTerms.equals(other.roleTerms)) {
      return true;
    }
    // "chief executive" and "chief executive officer", not "chief" and "chief executive": a one-word role is too loose
    if (Math.min(roleTerms.size(), other.roleTerms.size()) >= 2
        && (roleTerms.containsAll(other.roleTerms) || other.roleTerms.containsAll(roleTerms))) {
      return true;
    }
    return spells(this, other) || spells(other, this);
  }

  private static boolean spells(Roles acronym, Roles words) {
    return acronym.role.matches("\\p{Lu}{2,5}") && Acronyms.spelledIn(acronym.role, words.role)
        .filter(w -> w.split(" ").length == words.role.split(" ").length).isPresent();
  }
}
