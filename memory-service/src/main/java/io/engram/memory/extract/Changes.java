package io.engram.memory.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a statement says were replaced, read from the English idioms of change: "to Y from X", "from X to Y", "replacing
 * X", "succeeding X" ("cut to Ba1 from Baa2", "raised the timeout from 30 to 60 seconds", "moves its head office from
 * Chicago to Dallas", "takes the helm, replacing Knut Aasland"). A value is a figure or a name. Whatever held the old
 * value before the statement no longer holds.
 *
 * @param oldValue the value that was replaced, as written
 * @param newValue the value that replaced it, as written, or null when the idiom names only the old one
 */
public record Changes(String oldValue, String newValue) {

  private static final String VALUE = "(?:[$€£¥]?\\d[\\d,.]*(?:\\s?(?:%|p\\b|bn\\b|billion|million|m\\b|k\\b|pence|cents|percent"
      + "|seconds|minutes|hours|days|ms\\b|mb\\b|gb\\b))?|\\p{Lu}[\\p{L}\\p{N}'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{N}'’-]*){0,3})";
  private static final Pattern TO_FROM = Pattern.compile("\\bto\\s+(?:the\\s+)?(" + VALUE + ")(?:\\s+\\p{Ll}+){0,3},?\\s+(?:up\\s+|down\\s+)?from\\s+(?:the\\s+)?(" + VALUE + ")");
  private static final Pattern FROM_TO = Pattern.compile("\\bfrom\\s+(?:the\\s+)?(" + VALUE + ")\\s+to\\s+(?:the\\s+)?(" + VALUE + ")");
  private static final Pattern REPLACING = Pattern.compile("\\b(?:replacing|succeeding|replaces|succeeds|in place of|takes over from"
      + "|took over from)\\s+(?:\\p{Ll}[\\p{Ll}-]*\\s+){0,3}(" + VALUE + ")");

  /** The replaced values a statement names. */
  public static List<Changes> of(String statement) {
    List<Changes> out = new ArrayList<>();
    if (Terms.hasHan(statement) || Signature.shouting(statement)) {
      return out;
    }
    Matcher m = TO_FROM.matcher(statement);
    while (m.find()) {
      out.add(new Changes(m.group(2).strip(), m.group(1).strip()));
    }
    m = FROM_TO.matcher(statement);
    while (m.find()) {
      out.add(new Changes(m.group(1).strip(), m.group(2).strip()));
    }
    m = REPLACING.matcher(statement);
    while (m.find()) {
      out.add(new Changes(m.group(1).strip(), null));
    }
    return out;
  }

  /** Whether a text (by its signature) holds a value: the same figure, or every word of the name. */
  public static boolean holds(Signature sig, String value) {
    List<Double> numbers = Values.numbers(value);
    if (!numbers.isEmpty()) {
      return numbers.stream().map(Values::canonical).allMatch(sig.figures()::contains);
    }
    List<String> words = words(value);
    return !words.isEmpty() && sig.words().containsAll(words);
  }

  /** The words of a name value, lower case, without a possessive. */
  public static List<String> words(String value) {
    List<String> out = new ArrayList<>();
    for (String w : value.toLowerCase(Locale.ROOT).split("[\\s\\-]+")) {
      String k = w.replaceAll("['’.]s?$", "");
      if (!k.isEmpty()) {
        out.add(k);
      }
    }
    return out;
  }
}
