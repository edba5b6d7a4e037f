package io.engram.memory.extract;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves relative time expressions against the event time, so that a statement keeps its meaning when it is
 * read later: "yesterday" said on 8 May 2023 becomes "on 7 May 2023", "last Saturday" the Saturday before,
 * "next month" "in June 2023", "two weeks ago" "around 24 April 2023". English and Chinese; anything it does not
 * recognise stays as written.
 */
public final class RelativeDates {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
  private static final Map<String, Integer> COUNTS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1),
      Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
      Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("a couple of", 2),
      Map.entry("a few", 3), Map.entry("few", 3), Map.entry("several", 3));
  private static final String DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
  private static final Pattern EN = Pattern.compile("(?i)\\b(?:(?<simple>yesterday|today|tonight|tomorrow|last night|this morning"
      + "|this evening|this afternoon)|(?<rel>last|this past|next|this coming|this) (?<unit>week|weekend|month|year|" + DAYS + ")"
      + "|(?<n>\\d+|a couple of|a few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten) (?<unit2>days?|weeks?|months?|years?)"
      + " (?<dir>ago|from now|later))\\b");
  private static final Pattern ZH = Pattern.compile("(?<w>昨天|今天|明天|前天|后天|上周|下周|本周|这周|上个月|下个月|本月|这个月|去年|今年|明年)");

  private RelativeDates() {
  }

  /** {@code text} with the relative time expressions it recognises replaced by absolute ones. */
  public static String resolve(String text, Instant eventTime) {
    if (eventTime == null) {
      return text;
    }
    LocalDate today = eventTime.atZone(ZoneOffset.UTC).toLocalDate();
    String out = replace(EN.matcher(text), m -> english(m, today));
    return replace(ZH.matcher(out), m -> chinese(m.group("w"), today));
  }

  private interface Replacer {
    String apply(Matcher m);
  }

  private static String replace(Matcher m, Replacer r) {
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String with = r.apply(m);
      m.appendReplacement(b, Matcher.quoteReplacement(with == null ? m.group() : with));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String english(Matcher m, LocalDate today) {
    if (m.group("simple") != null) {
      return switch (m.group("simple").toLowerCase(Locale.ROOT)) {
        case "yesterday", "last night" -> "on " + DAY.format(today.minusDays(1));
        case "tomorrow" -> "on " + DAY.format(today.plusDays(1));
        default -> "on " + DAY.format(today);
      };
    }
    if (m.group("rel") != null) {
      String rel = m.group("rel").toLowerCase(Locale.ROOT);
      String unit = m.group("unit").toLowerCase(Locale.ROOT);
      int dir = rel.startsWith("last") || rel.equals("this past") ? -1 : rel.equals("this") ? 0 : 1;
      return switch (unit) {
        case "week" -> dir == 0 ? "in the week of " + DAY.format(today)
            : "in the week of " + DAY.format(today.plusWeeks(dir));
        case "weekend" -> {
          LocalDate saturday = dir < 0 ? today.with(TemporalAdjusters.previous(DayOfWeek.SATURDAY))
              : today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY)).plusWeeks(dir > 0 && today.getDayOfWeek()
                  .getValue() >= 6 ? 1 : 0);
          yield "on the weekend of " + DAY.format(saturday);
        }
        case "month" -> "in " + MONTH.format(today.plusMonths(dir));
        case "year" -> "in " + today.plusYears(dir).getYear();
        default -> {
          DayOfWeek day = DayOfWeek.valueOf(unit.toUpperCase(Locale.ROOT));
          LocalDate d = dir < 0 ? today.with(TemporalAdjusters.previous(day))
              : dir > 0 ? today.with(TemporalAdjusters.next(day)) : today.with(TemporalAdjusters.nextOrSame(day));
          yield "on " + DAY.format(d);
        }
      };
    }
    String n = m.group("n").toLowerCase(Locale.ROOT);
    int count = n.chars().allMatch(Character::isDigit) ? Integer.parseInt(n) : COUNTS.getOrDefault(n, 1);
    int sign = m.group("dir").equalsIgnoreCase("ago") ? -1 : 1;
    String unit = m.group("unit2").toLowerCase(Locale.ROOT);
    if (unit.startsWith("year")) {
      return "in " + today.plusYears((long) sign * count).getYear();
    }
    if (unit.startsWith("month")) {
      return "in " + MONTH.format(today.plusMonths((long) sign * count));
    }
    LocalDate d = unit.startsWith("week") ? today.plusWeeks((long) sign * count) : today.plusDays((long) sign * count);
    return (unit.startsWith("week") ? "around " : "on ") + DAY.format(d);
  }

  private static String chinese(String w, LocalDate today) {
    return switch (w) {
      case "昨天" -> zhDay(today.minusDays(1));
      case "前天" -> zhDay(today.minusDays(2));
      case "今天" -> zhDay(today);
      case "明天" -> zhDay(today.plusDays(1));
      case "后天" -> zhDay(today.plusDays(2));
      case "上周" -> zhDay(today.minusWeeks(1)) + "那周";
      case "下周" -> zhDay(today.plusWeeks(1)) + "那周";
      case "本周", "这周" -> zhDay(today) + "那周";
      case "上个月" -> zhMonth(today.minusMonths(1));
      case "下个月" -> zhMonth(today.plusMonths(1));
      case "本月", "这个月" -> zhMonth(today);
      case "去年" -> (today.getYear() - 1) + "年";
      case "今年" -> today.getYear() + "年";
      case "明年" -> (today.getYear() + 1) + "年";
      default -> null;
    };
  }

  private static String zhDay(LocalDate d) {
    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
  }

  private static String zhMonth(LocalDate d) {
    return d.getYear() + "年" + d.getMonthValue() + "月";
  }
}
