package io.engram.memory.extract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement says apart from its wording: the names it mentions (runs of capitalized words, acronyms,
 * Latin words inside Chinese text, quoted names), its figures (numbers that are not years), its times (dates,
 * years, quarters) and its frame: the text with every name, figure and time masked. Two statements with the
 * same frame and the same names say the same kind of thing about the same subject; when one name, figure or
 * time differs they disagree on the filler. Language-neutral rules, no domain word lists.
 *
 * @param names   name phrases, lower case, in order of appearance
 * @param figures numbers that are not years, normalized ({@link Values#canonical})
 * @param times   ISO dates and month-days, years, quarter labels and weekdays ("2024", "2024-03-05", "--11-06", "q2",
 *                "monday")
 * @param frame   the statement with names as {@code X}, figures as {@code N} and times as {@code T}
 * @param words   every word of the statement, lower case
 */
public record Signature(List<String> names, List<String> figures, List<String> times, String frame, Set<String> words) {

  /** Function words and pronouns that open sentences capitalized without naming anything (English). */
  private static final Set<String> NOT_NAMES = Set.of("a", "an", "the", "this", "that", "these", "those", "i", "we", "you", "he",
      "she", "it", "they", "my", "our", "your", "his", "her", "its", "their", "in", "on", "at", "after", "before", "as", "but",
      "and", "or", "if", "when", "while", "for", "from", "to", "with", "by", "of", "since", "until", "so", "also", "then",
      "there", "here", "what", "who", "why", "how", "where", "which", "yes", "no", "not", "ok", "okay", "oh", "wow", "hi",
      "hello", "hey", "thanks", "thank", "please", "meanwhile", "however", "today", "yesterday", "tomorrow", "now", "just",
      "all", "some", "many", "most", "both", "each", "every", "any", "other", "another", "such", "more", "less", "yet",
      "still", "even", "only", "well", "yeah", "sure", "great", "good", "nice", "cool", "let", "i'm", "i've", "i'd", "i'll",
      "it's", "that's", "there's", "we're", "you're", "they're", "he's", "she's", "im", "mr", "mrs", "ms", "dr", "st");
  private static final Set<String> MONTHS_AND_DAYS = Set.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
      "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final Pattern WEEKDAY = Pattern.compile("(?i)\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
  /** A word; a trailing "+" or "-" is kept: it grades a code ("BBB+", "AA-"), and "AA+" and "AA" are two ratings. */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}&'’.\\-]*\\+?");
  private static final Pattern QUARTER = Pattern.compile("(?i)\\b(?:q[1-4]|h[12]|fy\\s?\\d{2,4}|(?:first|second|third|fourth)[- ]quarter"
      + "|(?:first|second)[- ]half)\\b|第?[一二三四1-4]季度|[上下]半年");
  private static final Pattern YEAR = Pattern.compile("(?<![\\d.,$€£¥])\\b(1[89]\\d{2}|20\\d{2})\\b(?![.,]\\d)");
  private static final Pattern QUOTED = Pattern.compile("[「“\"《]([^」”\"》]{1,30})[」”\"》]");
  private static final Pattern LATIN_IN_HAN = Pattern.compile("[A-Za-z][A-Za-z0-9&.\\-]*\\+?");
  /** A hyphen between two letters or digits, where a name splits into words ("Coca-Cola"); not a grade's ("AA-"). */
  private static final Pattern NAME_WORD_BREAK = Pattern.compile("\\s+|(?<=[\\p{L}\\p{N}])-(?=[\\p{L}\\p{N}])");
  private static final Pattern HAN_ORG = Pattern.compile("[\\p{IsHan}&&[^为的是在和与了将及或等从向对把被让给由以于宣布任命称表示]]{2,6}?(?:公司|集团|银行|大学|医院|股份|基金|证券|控股|研究院|协会|委员会)");
  /** A common Chinese surname and a one- or two-character given name, ended by a word that follows names. */
  private static final Pattern HAN_PERSON = Pattern.compile("(?:李|王|张|刘|陈|杨|赵|黄|周|吴|徐|孙|胡|朱|高|林|何|郭|马|罗|梁|宋|郑"
      + "|谢|韩|唐|冯|于|董|萧|程|曹|袁|邓|许|傅|沈|曾|彭|吕|苏|卢|蒋|蔡|贾|丁|魏|薛|叶|阎|余|潘|杜|戴|夏|钟|汪|田|任|姜|范|方|石"
      + "|姚|谭|廖|邹|熊|金|陆|郝|孔|白|崔|康|毛|邱|秦|江|史|顾|侯|邵|孟|龙|万|段|雷|钱|汤|尹|黎|易|常|武|乔|贺|赖|龚|文)"
      + "\\p{IsHan}{1,2}?(?=为|担任|出任|接任|接替|任|是|，|。|、|的|表示|称|说|将|已|于|在|和|与|女士|先生|辞|离|卸|$)");

  /**
   * The text with its times cut out (dates, months, quarters, weekdays, years), read as {@link #of} reads them: what a
   * question asks besides when ("What plan was Dana on in early March 2024?" asks "What plan was Dana on in early").
   */
  public static String withoutTimes(String text) {
    List<int[]> spans = new ArrayList<>(Values.dateRanges(text));
    for (Pattern p : List.of(QUARTER, WEEKDAY, YEAR)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
    spans.sort((a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int[] span : spans) {
      if (span[0] >= at) {
        out.append(text, at, span[0]).append(' ');
      }
      at = Math.max(at, span[1]);
    }
    return out.append(text.substring(Math.min(at, text.length()))).toString();
  }

  /** The signature of one statement. */
  public static Signature of(String text) {
    return of(text, Set.of());
  }

  /** The signature of one statement; {@code known} names (lower case, e.g. the speakers) count even as first word. */
  public static Signature of(String text, Set<String> known) {
    boolean han = Terms.hasHan(text);
    List<int[]> spans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (han) {
      for (Pattern p : List.of(QUOTED, HAN_ORG, HAN_PERSON, LATIN_IN_HAN)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          int start = p == QUOTED ? m.start(1) : m.start();
          int end = p == QUOTED ? m.end(1) : m.end();
          if (free(spans, start, end)) {
            spans.add(new int[] {start, end, 'X'});
            names.add(text.substring(start, end).toLowerCase(Locale.ROOT));
          }
        }
      }
    } else if (!shouting(text)) {
      englishNames(text, known, spans, names);
    }
    List<String> times = new ArrayList<>(Values.dates(text));
    times.addAll(Values.monthDays(text));
    for (int[] d : Values.dateRanges(text)) {
      if (free(spans, d[0], d[1])) {
        spans.add(new int[] {d[0], d[1], 'T'});
      }
    }
    Matcher q = QUARTER.matcher(text);
    while (q.find()) {
      times.add(period(q.group()));
      spans.add(new int[] {q.start(), q.end(), 'T'});
    }
    Matcher d = WEEKDAY.matcher(text);
    while (d.find()) {
      times.add(d.group(1).toLowerCase(Locale.ROOT));
      spans.add(new int[] {d.start(), d.end(), 'T'});
    }
    Matcher y = YEAR.matcher(text);
    List<Double> years = new ArrayList<>();
    while (y.find()) {
      if (free(spans, y.start(), y.end())) {
        times.add(y.group(1));
        years.add(Double.parseDouble(y.group(1)));
        spans.add(new int[] {y.start(), y.end(), 'T'});
      }
    }
    List<String> figures = new ArrayList<>();
    for (Double n : Values.numbers(text)) {
      if (!years.remove(n)) {
        figures.add(Values.canonical(n));
      }
    }
    Set<String> words = new LinkedHashSet<>();
    Matcher w = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (w.find()) {
      words.add(w.group().replaceAll("['’.]s?$", ""));
    }
    if (han) {
      // Chinese has no spaces: its words are the segmenter's, and every name found counts as a word of the text
      words.addAll(Terms.of(text));
      // the segmenter drops a grade's sign: "AA+" is not a mention of "AA"
      words.removeIf(word -> !names.contains(word) && (names.contains(word + "+") || names.contains(word + "-")));
      names.forEach(words::add);
      for (Pattern p : List.of(HAN_ORG, HAN_PERSON)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          words.add(m.group());
        }
      }
    }
    return new Signature(dedupe(names), dedupe(figures), dedupe(times), frame(text, spans), Set.copyOf(words));
  }

  /** One spelling per period: "second-quarter", "Q2", "second quarter" and "二季度" are all {@code q2}. */
  static String period(String raw) {
    String p = raw.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", " ").strip();
    if (p.endsWith("季度")) {
      // the numeral before 季度: 一二三四 or 1-4
      char n = p.charAt(p.length() - 3);
      int han = "一二三四".indexOf(n);
      return "q" + (han >= 0 ? han + 1 : Character.getNumericValue(n));
    }
    if (p.endsWith("半年")) {
      return p.startsWith("上") ? "h1" : "h2";
    }
    return switch (p) {
      case "first quarter" -> "q1";
      case "second quarter" -> "q2";
      case "third quarter" -> "q3";
      case "fourth quarter" -> "q4";
      case "first half" -> "h1";
      case "second half" -> "h2";
      default -> p.replace(" ", "");
    };
  }

  /** Name words (each word of each name), for comparing "Jane Doe" with "Doe". */
  public Set<String> nameWords() {
    Set<String> words = new LinkedHashSet<>();
    for (String n : names) {
      for (String w : NAME_WORD_BREAK.split(n)) {
        String k = w.replaceAll("['’.]s?$", "");
        if (!k.isEmpty()) {
          words.add(k);
        }
      }
    }
    return words;
  }

  /**
   * Whether each statement names something the other does not mention at all (a name word of one that appears in the
   * other only as an ordinary word, as in a title-cased headline, is no conflict).
   */
  public boolean namesConflict(Signature other) {
    Set<String> mine = new LinkedHashSet<>(nameWords());
    mine.removeAll(other.words());
    Set<String> theirs = new LinkedHashSet<>(other.nameWords());
    theirs.removeAll(words());
    return !mine.isEmpty() && !theirs.isEmpty();
  }

  /**
   * Whether this statement names something {@code other} does not mention while mentioning every name of {@code other},
   * which names something itself (a headline in capitals shows no names to compare).
   */
  public boolean namesMore(Signature other) {
    Set<String> extra = new LinkedHashSet<>(nameWords());
    extra.removeAll(other.words());
    return !extra.isEmpty() && !other.names().isEmpty() && words().containsAll(other.nameWords());
  }

  /** Whether {@code a} and {@code b} each hold an element the other lacks. */
  public static <T> boolean differBothWays(Set<T> a, Set<T> b) {
    return !a.isEmpty() && !b.isEmpty() && !a.containsAll(b) && !b.containsAll(a);
  }

  /** Whether the two statements agree on every value either states: no name, figure or time conflicts. */
  public boolean compatibleWith(Signature other) {
    return !namesConflict(other)
        && !differBothWays(Set.copyOf(figures), Set.copyOf(other.figures))
        && !timesConflict(other)
        && (figures.isEmpty() == other.figures.isEmpty());
  }

  /**
   * Whether the two statements state different times of one kind (years, days, months, quarters, weekdays), each one
   * a time the other lacks: "2023" and "Thursday" do not conflict, "2023-05-04" and "2023" neither (the day is in the
   * year), "2023-05-04" and "2024" do.
   */
  public boolean timesConflict(Signature other) {
    Map<String, Set<String>> mine = timesByKind(times);
    Map<String, Set<String>> theirs = timesByKind(other.times);
    for (Map.Entry<String, Set<String>> e : mine.entrySet()) {
      Set<String> t = theirs.get(e.getKey());
      if (t != null && differBothWays(e.getValue(), t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this statement states every time in {@code asked}, in that spelling or as part of a fuller one (a year in a date). */
  public boolean holdsTimes(List<String> asked) {
    Map<String, Set<String>> mine = timesByKind(times);
    for (String t : asked) {
      if (!mine.getOrDefault(timeKind(t), Set.of()).contains(t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this statement states times of a kind the question asks about ({@code asked}: years, months, quarters and
   * halves), none of them an asked one: "启明乳业2024年一季度收入13.4亿元" does not answer a question about 2023, nor
   * a report dated 11 September 2023 one about January 2023. A statement that states no time of that kind may answer.
   */
  public boolean statesOtherTimes(List<String> asked) {
    Map<String, Set<String>> mine = timesByKind(times);
    for (String t : times) {
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        mine.computeIfAbsent("month", k -> new java.util.HashSet<>()).add(t.substring(0, 7));
      }
    }
    Map<String, Set<String>> wanted = timesByKind(asked);
    for (String kind : List.of("year", "month", "period")) {
      Set<String> want = wanted.get(kind);
      Set<String> have = mine.get(kind);
      if (want != null && have != null && java.util.Collections.disjoint(want, have)) {
        return true;
      }
    }
    return false;
  }

  /** Times by kind, with the year and month-day a full date implies and the year of a month. */
  private static Map<String, Set<String>> timesByKind(List<String> times) {
    Map<String, Set<String>> out = new java.util.HashMap<>();
    for (String t : times) {
      out.computeIfAbsent(timeKind(t), k -> new java.util.HashSet<>()).add(t);
      if (t.matches("\\d{4}-\\d{2}(?:-\\d{2})?")) {
        out.computeIfAbsent("year", k -> new java.util.HashSet<>()).add(t.substring(0, 4));
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        out.computeIfAbsent("month-day", k -> new java.util.HashSet<>()).add("--" + t.substring(5));
      }
    }
    return out;
  }

  /** The kind of a time as {@link #times} spells it: "year", "date", "month", "month-day", "period" (q1, h2), "weekday". */
  public static String timeKind(String t) {
    if (t.matches("\\d{4}")) {
      return "year";
    }
    if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return "date";
    }
    if (t.matches("\\d{4}-\\d{2}")) {
      return "month";
    }
    if (t.startsWith("--")) {
      return "month-day";
    }
    if (t.matches("[qh][1-4]")) {
      return "period";
    }
    return MONTHS_AND_DAYS.contains(t) ? "weekday" : "other";
  }

  private static void englishNames(String text, Set<String> known, List<int[]> spans, List<String> names) {
    Matcher m = WORD.matcher(text);
    int runStart = -1;
    int runEnd = -1;
    int last = 0;
    while (m.find()) {
      String between = text.substring(last, m.start());
      boolean sentenceStart = m.start() == 0 || between.matches("(?s).*[.!?:;\"“(\\[\\n].*") || last == 0 && between.isBlank();
      String w = m.group().replaceAll("[.’']+$", "");
      String lower = w.toLowerCase(Locale.ROOT);
      boolean capital = !w.isEmpty() && Character.isUpperCase(w.codePointAt(0));
      boolean name = capital && !NOT_NAMES.contains(lower) && !MONTHS_AND_DAYS.contains(lower)
          && (!sentenceStart || known.contains(lower) || nameAtOpening(w, text, m.end()));
      boolean adjacent = runStart >= 0 && between.matches("[ \\t]+");
      boolean connector = runStart >= 0 && adjacent && (lower.equals("of") || lower.equals("&") || lower.equals("de")
          || lower.equals("van") || lower.equals("von"));
      if (name && adjacent) {
        runEnd = m.start() + w.length();
      } else if (!connector) {
        closeRun(text, runStart, runEnd, spans, names);
        runStart = name ? m.start() : -1;
        runEnd = name ? m.start() + w.length() : -1;
      }
      last = m.end();
    }
    closeRun(text, runStart, runEnd, spans, names);
  }

  /**
   * Whether a capitalized first word names something: yes when more capitalized words follow ("Jane Doe"), when it
   * is possessive ("Acme's"), mixed case ("iPhone", "McKinsey") or followed by a verb form ("Acme names", "Globex
   * said"); "Shares of", "Revenue rose" are ordinary openings.
   */
  private static boolean nameAtOpening(String word, String text, int end) {
    if (word.length() > 1 && word.chars().skip(1).anyMatch(Character::isUpperCase)) {
      return true;
    }
    if (text.startsWith("'s", end) || text.startsWith("’s", end)) {
      return true;
    }
    // an apposition or relative clause after it ("Pellworth, which ...", "Acme, the insurer, ...")
    if (text.startsWith(", which ", end) || text.startsWith(", who ", end) || text.startsWith(", whose ", end)) {
      return true;
    }
    Matcher next = WORD.matcher(text);
    if (!next.find(end) || !text.substring(end, next.start()).matches("[ \\t]+")) {
      return false;
    }
    String following = next.group();
    return Character.isUpperCase(following.codePointAt(0)) || looksLikeVerb(following);
  }

  private static boolean looksLikeVerb(String w) {
    String l = w.toLowerCase(Locale.ROOT);
    return l.endsWith("ed") || l.endsWith("es") || l.endsWith("s") && !l.endsWith("ss") && !l.endsWith("us")
        || Set.of("is", "was", "has", "had", "will", "said", "says", "went", "got", "made", "took", "won", "lost", "led",
            "left", "sold", "bought", "became", "grew", "fell", "rose", "cut", "set", "saw", "met", "ran", "began").contains(l);
  }

  /** Text mostly in capitals (a wire headline): case tells nothing about names there. */
  public static boolean shouting(String text) {
    long letters = text.codePoints().filter(Character::isLetter).count();
    long upper = text.codePoints().filter(Character::isUpperCase).count();
    return letters >= 8 && upper > 0.6 * letters;
  }

  private static void closeRun(String text, int start, int end, List<int[]> spans, List<String> names) {
    if (start < 0) {
      return;
    }
    String phrase = text.substring(start, end).replaceAll("\\s+(?:of|de|van|von|&)$", "");
    spans.add(new int[] {start, start + phrase.length(), 'X'});
    names.add(phrase.toLowerCase(Locale.ROOT));
  }

  private static boolean free(List<int[]> spans, int start, int end) {
    return spans.stream().noneMatch(s -> start < s[1] && end > s[0]);
  }

  private static String frame(String text, List<int[]> spans) {
    List<int[]> all = new ArrayList<>(spans);
    Matcher n = Pattern.compile("[-+]?[$€£¥]?\\d[\\d,.]*\\s*(?:%|percent|bn|billion|million|m|k|thousand|trillion)?").matcher(text);
    while (n.find()) {
      if (free(all, n.start(), n.end())) {
        all.add(new int[] {n.start(), n.end(), 'N'});
      }
    }
    all.sort((a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder b = new StringBuilder();
    int at = 0;
    for (int[] s : all) {
      if (s[0] < at) {
        continue;
      }
      b.append(text, at, s[0]).append((char) s[2]);
      at = s[1];
    }
    b.append(text.substring(at));
    return b.toString().replaceAll("\\s+", " ").strip();
  }

  private static List<String> dedupe(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
