package io.engram.memory.extract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat turns written as {@code Speaker: utterance}: who speaks, and the utterance rewritten in the third person so
 * that a stored statement names whom it is about ("Caroline: I went to a support group" is stored as "Caroline went
 * to a support group"; "you" becomes the other participant when the namespace knows who that is).
 */
public final class Speakers {

  private static final Pattern TURN = Pattern.compile("^\\s*(?<name>\\p{Lu}[\\p{L}'’.-]{0,30}(?: \\p{Lu}[\\p{L}'’.-]{0,30}){0,2})\\s*[:：]\\s+(?<text>\\S[\\s\\S]*)$");
  private static final Pattern ZH_TURN = Pattern.compile("^\\s*(?<name>[\\p{IsHan}A-Za-z]{1,12})\\s*[:：]\\s*(?<text>\\S[\\s\\S]*)$");

  /** One parsed turn. */
  public record Turn(String speaker, String text) {
  }

  private Speakers() {
  }

  /** The speaker and utterance of a chat turn, or empty when the text does not open with a speaker. */
  public static Optional<Turn> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = TURN.matcher(text);
    if (m.matches() && !m.group("name").matches("(?i)(?:note|update|fyi|re|fw|fwd|ps|p\\.s\\.|q|a|summary|tl;dr|edit)")) {
      return Optional.of(new Turn(m.group("name"), m.group("text").strip()));
    }
    m = ZH_TURN.matcher(text);
    if (Terms.hasHan(text) && m.matches()) {
      return Optional.of(new Turn(m.group("name"), m.group("text").strip()));
    }
    return Optional.empty();
  }

  private static final String[][] FIRST_PERSON = {
      {"I'm", "{S} is"}, {"I’m", "{S} is"}, {"I am", "{S} is"}, {"I've", "{S} has"}, {"I’ve", "{S} has"}, {"I'd", "{S} would"},
      {"I’d", "{S} would"}, {"I'll", "{S} will"}, {"I’ll", "{S} will"}, {"I was", "{S} was"}, {"I have", "{S} has"},
      {"I", "{S}"}, {"my", "{S}'s"}, {"My", "{S}'s"}, {"mine", "{S}'s"}, {"me", "{S}"}, {"myself", "{S}"}};
  private static final String[][] SECOND_PERSON = {
      {"you're", "{O} is"}, {"You're", "{O} is"}, {"you’re", "{O} is"}, {"You’re", "{O} is"}, {"you are", "{O} is"},
      {"You are", "{O} is"}, {"you've", "{O} has"}, {"You've", "{O} has"}, {"your", "{O}'s"}, {"Your", "{O}'s"},
      {"yours", "{O}'s"}, {"you", "{O}"}, {"You", "{O}"}, {"yourself", "{O}"}};

  /**
   * {@code sentence} of {@code speaker} in the third person: first-person words name the speaker, second-person words
   * name {@code other} when known. English only; other text is returned unchanged.
   */
  public static String thirdPerson(String sentence, String speaker, String other) {
    if (Terms.hasHan(sentence)) {
      String s = sentence.replace("我们", speaker + "他们").replace("我", speaker);
      return other == null ? s : s.replace("你们", other + "他们").replace("您", other).replace("你", other);
    }
    String s = replaceAll(sentence, FIRST_PERSON, speaker);
    if (other != null) {
      s = replaceAll(s, SECOND_PERSON, other);
    }
    return s;
  }

  private static String replaceAll(String sentence, String[][] table, String name) {
    String s = sentence;
    for (String[] r : table) {
      String pattern = "(?<![\\p{L}'’])" + Pattern.quote(r[0]) + "(?![\\p{L}'’])";
      s = s.replaceAll(pattern, Matcher.quoteReplacement(r[1].replace("{S}", name).replace("{O}", name)));
    }
    return s;
  }
}
