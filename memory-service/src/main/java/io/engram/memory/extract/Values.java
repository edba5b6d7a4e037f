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
  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\w.])[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:\\s*(thousand|million|billion|trillion|k|m|bn|bln|mn|mln)\\b)?(%?)",
      Pattern.CASE_INSENSITIVE);

  private Values() {
  }

  /** ISO dates ({@code yyyy-MM-dd}, or {@code yyyy-MM} for a month) found in {@code text}, in order. */
  public static List<String> dates(String text) {
    List<String> found = new ArrayList<>();
    for (Span span : dateSpans(text)) {
      found.add(span.value());
    }
    return found;
  }

  /** Numbers in {@code text} that are not part of a date, scaled ("4.2 million" is 4200000), in order. */
  public static List<Double> numbers(String text) {
    List<Span> dates = dateSpans(text);
    List<Double> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      int start = m.start();
      if (dates.stream().anyMatch(d -> start >= d.start() && start < d.end())) {
        continue;
      }
      try {
        double value = Double.parseDouble(m.group().replaceAll("[^0-9.+-]", "").replace("+", ""));
        String scale = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
        value *= switch (scale) {
          case "thousand", "k" -> 1e3;
          case "million", "m", "mn", "mln" -> 1e6;
          case "billion", "bn", "bln" -> 1e9;
          case "trillion" -> 1e12;
          default -> 1;
        };
        found.add(value);
      } catch (NumberFormatException e) {
        // a lone sign or dot: not a number
      }
    }
    return found;
  }

  /** A canonical text for a number: integers without a fraction, others with up to 6 decimals. */
  public static String canonical(double number) {
    if (number == Math.rint(number) && Math.abs(number) < 1e15) {
      return Long.toString((long) number);
    }
    return String.format(Locale.ROOT, "%.6f", number).replaceAll("0+$", "");
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

  private static int month(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace(".", "");
    key = key.startsWith("sept") ? "sept" : key.substring(0, 3);
    return MONTHS.get(key);
  }
}
