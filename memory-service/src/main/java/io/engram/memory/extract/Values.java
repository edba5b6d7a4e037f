package io.engram.memory.extract;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds numbers and dates in text and normalizes them, so that "4,200", "4200" and "4.2 thousand" are one
 * value and "March 5, 2024", "5 March 2024" and "2024-03-05" are one date: conflicts between values are
 * decided on these normal forms, not on wording.
 */
public final class Values {

  private static final Map<String, Integer> MONTHS = Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
      Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("sept", 9),
      Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
  private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
      + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
  private static final Pattern MONTH_DAY_YEAR = Pattern.compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern DAY_MONTH_YEAR = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+(\\d{4})\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MONTH_YEAR = Pattern.compile("\\b" + MONTH + "\\s+(\\d{4})\\b", Pattern.CASE_INSENSITIVE);
  /** A day of a month without its year ("Nov. 6", "6 November"): a time, not a figure, when the month's name is capitalized. */
  private static final Pattern MONTH_DAY = Pattern.compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![.,:]\\d|\\s*%)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "(?![\\p{L}])",
      Pattern.CASE_INSENSITIVE);
  /** Between the two ends of a range ("$7.55 to $7.7 billion", "8.15-8.4 bln"): the first end takes the second's scale. */
  private static final Pattern RANGE_BETWEEN = Pattern.compile("\\s*(?:-|–|to|and)\\s*[$€£¥]?", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\w.])[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:\\s*(thousand|million|billion|trillion|k|m|bn|bln|mn|mln)\\b)?(%?)",
      Pattern.CASE_INSENSITIVE);

  private Values() {
  }

  /** ISO dates ({@code yyyy-MM-dd}, or {@code yyyy-MM} for a month) found in {@code text}, in order. */
  public static List<String> dates(String text) {
    List<String> found = new ArrayList<>();
    for (Span span : dateSpans(text)) {
      if (!span.value().startsWith("--")) {
        found.add(span.value());
      }
    }
    return found;
  }

  /**
   * Days of a month named without a year ("Nov. 6", "6 November"), as ISO month-days ({@code --11-06}), in order: the
   * event's year is not known here, so they are not {@link #dates}, but neither are they figures.
   */
  public static List<String> monthDays(String text) {
    List<String> found = new ArrayList<>();
    for (Span span : dateSpans(text)) {
      if (span.value().startsWith("--")) {
        found.add(span.value());
      }
    }
    return found;
  }

  /** Numbers in {@code text} that are not part of a date, scaled ("4.2 million" is 4200000), in order. */
  public static List<Double> numbers(String text) {
    List<Span> dates = dateSpans(text);
    List<Double> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    int unscaledEnd = -1; // where the last number without a scale ended, while it may be the first end of a range
    while (m.find()) {
      int start = m.start();
      if (dates.stream().anyMatch(d -> start >= d.start() && start < d.end())) {
        unscaledEnd = -1;
        continue;
      }
      try {
        double value = Double.parseDouble(m.group().replaceAll("[^0-9.+-]", "").replace("+", ""));
        String scale = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
        double factor = switch (scale) {
          case "thousand", "k" -> 1e3;
          case "million", "m", "mn", "mln" -> 1e6;
          case "billion", "bn", "bln" -> 1e9;
          case "trillion" -> 1e12;
          default -> 1;
        };
        if (factor != 1 && unscaledEnd >= 0 && RANGE_BETWEEN.matcher(text.substring(unscaledEnd, start)).matches()) {
          // "$7.55 to $7.7 billion": the range's first end is in billions too
          found.set(found.size() - 1, found.get(found.size() - 1) * factor);
        }
        unscaledEnd = factor == 1 && m.group(2).isEmpty() ? m.end() : -1;
        found.add(value * factor);
      } catch (NumberFormatException e) {
        // a lone sign or dot: not a number
        unscaledEnd = -1;
      }
    }
    return found;
  }

  /** A canonical text for a number: integers without a fraction, others with up to 6 decimals. */
  public static String canonical(double number) {
    double whole = Math.rint(number);
    // "$2.01 billion" is 2.01 x 1e9 = 2009999999.9999998 in binary: the same integer as "2,010 million"
    if (Math.abs(number - whole) <= 1e-9 * Math.max(1, Math.abs(number)) && Math.abs(number) < 1e15) {
      return Long.toString((long) whole);
    }
    return String.format(Locale.ROOT, "%.6f", number).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private record Span(int start, int end, String value) {
  }

  /** Where the dates of {@code text} are: {@code [start, end)} pairs, in order. */
  public static List<int[]> dateRanges(String text) {
    return dateSpans(text).stream().map(s -> new int[] {s.start(), s.end()}).toList();
  }

  private static List<Span> dateSpans(String text) {
    List<Span> spans = new ArrayList<>();
    Matcher m = ISO.matcher(text);
    while (m.find()) {
      addDate(spans, m.start(), m.end(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
    m = MONTH_DAY_YEAR.matcher(text);
    while (m.find()) {
      addDate(spans, m.start(), m.end(), Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
    }
    m = DAY_MONTH_YEAR.matcher(text);
    while (m.find()) {
      addDate(spans, m.start(), m.end(), Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
    }
    m = MONTH_DAY.matcher(text);
    while (m.find()) {
      monthDay(spans, text, m.start(), m.start(), m.end(), month(m.group(1)), Integer.parseInt(m.group(2)));
    }
    m = DAY_MONTH.matcher(text);
    while (m.find()) {
      monthDay(spans, text, m.start(), m.start(2), m.end(), month(m.group(2)), Integer.parseInt(m.group(1)));
    }
    m = MONTH_YEAR.matcher(text);
    while (m.find()) {
      int start = m.start();
      if (spans.stream().noneMatch(s -> start >= s.start() && start < s.end())) {
        spans.add(new Span(m.start(), m.end(), YearMonth.of(Integer.parseInt(m.group(2)), month(m.group(1))).toString()));
      }
    }
    spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return spans;
  }

  private static void addDate(List<Span> spans, int start, int end, int year, int month, int day) {
    if (spans.stream().anyMatch(s -> start >= s.start() && start < s.end())) {
      return;
    }
    try {
      spans.add(new Span(start, end, LocalDate.of(year, month, day).toString()));
    } catch (java.time.DateTimeException e) {
      // "February 31": not a date
    }
  }

  /**
   * Adds a month-day ({@code --MM-DD}) over {@code [start, end)} when the month's name (at {@code nameAt}) is capitalized
   * ("May 5", not "may 5") and the day exists, unless a fuller date already covers it.
   */
  private static void monthDay(List<Span> spans, String text, int start, int nameAt, int end, int month, int day) {
    if (!Character.isUpperCase(text.charAt(nameAt)) || day < 1 || day > java.time.Month.of(month).maxLength()
        || spans.stream().anyMatch(x -> start < x.end() && end > x.start())) {
      return;
    }
    spans.add(new Span(start, end, "--%02d-%02d".formatted(month, day)));
  }

  private static int month(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace(".", "");
    key = key.startsWith("sept") ? "sept" : key.substring(0, 3);
    return MONTHS.get(key);
  }
}
