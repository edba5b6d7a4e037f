package io.engram.memory.extract;

import java.util.regex.Pattern;

/**
 * Shortens a sentence to what it states, by conventions of news and chat writing that carry no knowledge of their
 * own: a dateline ("NEW YORK (Reuters) -", "PRINCETON, N.J., Nov 2 (AP) -"), an attribution tail (", the company said on Tuesday."), "according to
 * ..." and interjections that open a chat line ("Wow,", "Oh,", "Yeah,"), a short opening adverbial ("Meanwhile,"),
 * intensifiers inside a sentence ("really", "totally").
 * Who reported a fact is kept in the item's
 * provenance, not in its statement.
 */
public final class Compact {

  /**
   * Who a report cites, described rather than named: "the company", "the Southampton-based carrier", "the cereal and snack
   * maker" (one to four words after "the", none a relative pronoun).
   */
  private static final String THE_SUBJECT = "the (?:(?!(?:who|which|that|whose)\\b)[\\p{L}-]+\\s+){0,3}(?!(?:who|which|that|whose)\\b)[\\p{L}-]+";
  private static final Pattern DATELINE = Pattern.compile(
      "^(?:\\p{Lu}{2}[\\p{Lu} .'’/-]{2,40}(?:,\\s*\\p{Lu}[\\p{L}.]{0,14}(?: \\p{Lu}[\\p{L}.]{0,14})?)?(?:,\\s*\\p{L}{3,9}\\.? \\d{1,2})?"
          + "\\s*(?:\\([^)]{1,40}\\))?|\\([^)]{1,40}\\))\\s*[-–—]\\s+(?=\\S)");
  private static final Pattern ATTRIBUTION = Pattern.compile(
      ",\\s+(?:" + THE_SUBJECT + "|officials?|analysts?|sources?|a"
          + " (?:spokesperson|spokesman|spokeswoman|person familiar with the matter)|people familiar with the matter|he|she|they|it"
          + "|\\p{Lu}[\\p{L}.’'-]*(?: \\p{Lu}[\\p{L}.’'-]*){0,3})\\s+(?:said|says|told [^,.]{1,40}|announced|reported|confirmed"
          + "|wrote|added)(?: (?:on|in|late on|early on) [^,.]{1,30}| in (?:a|its|their) (?:[\\p{L}-]+ ){0,3}(?:statement|filing|release"
          + "|note)(?: on [^,.]{1,20})?)?\\s*([.!]?)$");
  /**
   * An attribution between two commas inside a sentence ("..., the club said on Monday, with building work to start ...",
   * "..., the cereal and snack maker said on Tuesday, below the consensus"): the sentence goes on without it.
   */
  private static final Pattern ATTRIBUTION_INSIDE = Pattern.compile(
      ",\\s+(?:" + THE_SUBJECT + "|officials|a spokes(?:person|man|woman))"
          + "\\s+(?:said|says|announced|confirmed)(?: (?:on|late on|early on) \\p{Lu}\\p{Ll}+day| in a (?:statement|filing|release))?,\\s+");
  private static final Pattern ACCORDING_TO = Pattern.compile(",?\\s+according to [^,.;]{1,60}(?=[,.;]|$)");
  private static final Pattern INTERJECTION = Pattern.compile(
      "(?i)^(?:(?:wow|oh|ah|aw+|hey|yeah|yes|yep|well|so|ok|okay|haha|lol|omg|hmm|um|uh|right|sure|totally|absolutely|honestly"
          + "|actually|anyway|btw)\\b[,!.]*\\s+)+(?=\\S)");

  /** Intensifiers and hedges that change no fact ("really", "totally", "just"), dropped wherever they stand. */
  private static final Pattern FILLER = Pattern.compile(
      "(?i)(?<=\\s)(?:really|totally|super|actually|definitely|absolutely|literally|honestly|basically|kinda|sorta|truly)\\s+(?=\\p{L})");

  /**
   * A short opening adverbial ("Meanwhile,", "As it stands,", "Per the latest,"): lower-case words only, not followed
   * by a relative clause ("Pellworth, which ..." opens with a name).
   */
  private static final Pattern LEAD_CLAUSE = Pattern.compile(
      "^\\p{Lu}\\p{Ll}*(?: \\p{Ll}+){0,3},\\s+(?!(?:which|who|whose)\\b)(?=\\S+(?:\\s+\\S+){3})");

  private Compact() {
  }

  public static String of(String sentence) {
    String s = sentence.strip();
    String out = DATELINE.matcher(s).replaceFirst("");
    out = ATTRIBUTION.matcher(out).replaceFirst("$1");
    out = ATTRIBUTION_INSIDE.matcher(out).replaceAll(", ");
    out = ACCORDING_TO.matcher(out).replaceAll("");
    out = INTERJECTION.matcher(out).replaceFirst("");
    out = LEAD_CLAUSE.matcher(out).replaceFirst("");
    out = FILLER.matcher(out).replaceAll("");
    out = out.strip();
    if (out.length() < 12) {
      return s;
    }
    return Character.toUpperCase(out.charAt(0)) + out.substring(1);
  }
}
