package io.engram.eval.memory;

import io.engram.memory.extract.Values;
import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StoreStats;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.recall.RecalledItem;
import io.engram.memory.stream.StreamIntake;
import io.engram.support.tenancy.TenantTransactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/eval-memory --stream <events.jsonl> --questions <questions.jsonl> [--verbose]}: any stream of
 * {@code {id, eventTime, text, kind}} lines goes through the same intake as {@code POST /v1/memory/{ns}/stream}
 * (validation, noise filter, write path) into a fresh tenant; then every question
 * {@code {question, current[], stale[], asOf?, expectAsOf[]}} is recalled (top 5; at {@code asOf} when given).
 * A statement "holds" an answer string when it contains it, ignoring case, width and spacing. Last line:
 * {@code compression=<x> current@1=<x> current@5=<y> staleAbove=<z> asOf@1=<a> falseMerges=<f> items=<n> events=<m>}.
 * <ul>
 *   <li>compression: ingested tokens / live stored tokens;</li>
 *   <li>current@k: share of present-tense questions (non-empty {@code current}) with a current answer in the top k;</li>
 *   <li>staleAbove: share of questions with {@code stale} answers where an item holding a stale answer and no current
 *       one ranks above every item holding a current answer (or where only stale ones are in the top 5);</li>
 *   <li>asOf@1: share of questions with {@code asOf} whose top item at that time holds an {@code expectAsOf} answer;</li>
 *   <li>falseMerges: share of MERGED / NOOP decisions joining two statements that disagree on a figure, a date or a
 *       name (each side holds one the other lacks), checked on the texts by rules independent of the write path's.</li>
 * </ul>
 */
public final class EvalStream {

  static final int TOP_K = 5;

  private EvalStream() {
  }

  public static void main(String[] args) throws IOException {
    String events = EvalRuntime.arg(args, "--stream", null);
    String questions = EvalRuntime.arg(args, "--questions", null);
    if (events == null || questions == null) {
      System.err.println("usage: eval-memory --stream <events.jsonl> --questions <questions.jsonl> [--verbose]");
      System.exit(2);
    }
    boolean verbose = List.of(args).contains("--verbose") || System.getenv("EVAL_VERBOSE") != null;
    try (ConfigurableApplicationContext context = EvalRuntime.start()) {
      run(context, Path.of(events), Path.of(questions), verbose);
    }
  }

  record Result(double compression, double current1, double current5, double staleAbove, double asOf1, double falseMerges,
      long items, long events) {
    String line() {
      return String.format(Locale.ROOT, "compression=%.2f current@1=%.4f current@5=%.4f staleAbove=%.4f asOf@1=%.4f"
          + " falseMerges=%.4f items=%d events=%d", compression, current1, current5, staleAbove, asOf1, falseMerges, items, events);
    }
  }

  static Result run(ConfigurableApplicationContext context, Path eventsFile, Path questionsFile, boolean verbose)
      throws IOException {
    StreamIntake intake = context.getBean(StreamIntake.class);
    MemoryRecaller recaller = context.getBean(MemoryRecaller.class);
    StatsRepository statsRepository = context.getBean(StatsRepository.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    JsonMapper json = JsonMapper.builder().build();
    String tenant = "evalstream-" + Long.toString(System.nanoTime(), 36);
    String ns = "stream";

    List<String> lines = Files.readAllLines(eventsFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    long start = System.nanoTime();
    StreamIntake.Outcome outcome = intake.ingest(tenant, ns, lines);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "eval-memory --stream: %d lines, accepted %d, duplicates %d, filtered %d, rejected %d in %.1f s%n",
        lines.size(), outcome.accepted(), outcome.duplicates(), outcome.filtered(), outcome.rejected().size(), seconds);
    if (verbose) {
      outcome.filteredItems().forEach(f -> System.out.println("  filtered line " + f.line() + " (" + f.id() + "): " + f.reason()));
      outcome.rejected().forEach(r -> System.out.println("  rejected line " + r.line() + " (" + r.id() + "): " + r.message()));
    }

    int current = 0;
    int current1 = 0;
    int current5 = 0;
    int staleQuestions = 0;
    int staleAbove = 0;
    int asOfQuestions = 0;
    int asOf1 = 0;
    for (String line : Files.readAllLines(questionsFile, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode q = json.readTree(line);
      String question = q.get("question").asString();
      List<String> cur = strings(q.get("current"));
      List<String> stale = strings(q.get("stale"));
      List<String> expectAsOf = strings(q.get("expectAsOf"));
      Instant asOf = q.hasNonNull("asOf") ? io.engram.memory.event.EventValidator.asOf(q.get("asOf").asString(), Instant.now().plusSeconds(86_400L * 365 * 100)) : null;
      if (asOf != null && !expectAsOf.isEmpty()) {
        asOfQuestions++;
        List<String> top = recall(tenants, recaller, tenant, ns, question, asOf);
        boolean hit = !top.isEmpty() && holdsAny(top.getFirst(), expectAsOf);
        asOf1 += hit ? 1 : 0;
        if (verbose && !hit) {
          System.out.println("  asOf miss: " + question + " @" + q.get("asOf").asString() + " expect " + expectAsOf + " got "
              + top.stream().limit(3).toList());
        }
      }
      if (cur.isEmpty() && stale.isEmpty()) {
        continue;
      }
      List<String> top = recall(tenants, recaller, tenant, ns, question, null);
      int firstCurrent = -1;
      int firstStale = -1;
      for (int i = 0; i < top.size(); i++) {
        boolean isCurrent = holdsAny(top.get(i), cur);
        if (isCurrent && firstCurrent < 0) {
          firstCurrent = i;
        }
        if (!isCurrent && holdsAny(top.get(i), stale) && firstStale < 0) {
          firstStale = i;
        }
      }
      if (!cur.isEmpty()) {
        current++;
        current1 += firstCurrent == 0 ? 1 : 0;
        current5 += firstCurrent >= 0 ? 1 : 0;
      }
      if (!stale.isEmpty()) {
        staleQuestions++;
        boolean above = firstStale >= 0 && (firstCurrent < 0 || firstStale < firstCurrent);
        staleAbove += above ? 1 : 0;
      }
      if (verbose && (firstCurrent != 0 || firstStale >= 0 && firstStale < Math.max(firstCurrent, 0) + 1)) {
        System.out.println("  question: " + question + " current " + cur + " stale " + stale + " -> first current at "
            + firstCurrent + ", first stale at " + firstStale);
        for (int i = 0; i < Math.min(3, top.size()); i++) {
          System.out.println("     " + (i + 1) + ". " + top.get(i));
        }
      }
    }

    // merges: every MERGED / NOOP history entry names the statement that was merged in its note
    record Merge(String item, String merged) {
    }
    List<Merge> merges = tenants.inTenant(tenant, () -> jdbc.sql("""
            select i.statement, h.note from memory.item_history h join memory.items i on i.id = h.item_id
            where h.tenant_id = ? and i.namespace = ? and h.action in ('MERGED', 'NOOP') order by h.id""")
        .params(tenant, ns).query((rs, n) -> new Merge(rs.getString(1), rs.getString(2))).list());
    int falseMerges = 0;
    for (Merge m : merges) {
      String merged = mergedText(m.merged());
      if (merged != null && disagree(m.item(), merged)) {
        falseMerges++;
        if (verbose) {
          System.out.println("  false merge: [" + m.item() + "] <- [" + merged + "]");
        }
      }
    }
    StoreStats s = tenants.inTenant(tenant, () -> statsRepository.stats(tenant, ns));
    System.out.printf(Locale.ROOT, "store: live %d, superseded %d, archived %d, abstractions %d; tokens stored %d, ingested %d;"
        + " merges %d; questions: current %d, stale %d, asOf %d; %.1f events/s%n", s.liveItems(), s.supersededItems(),
        s.archivedItems(), s.abstractions(), s.storedTokens(), s.ingestedTokens(), merges.size(), current, staleQuestions,
        asOfQuestions, outcome.accepted() / Math.max(seconds, 1e-9));
    if (verbose) {
      tenants.inTenant(tenant, () -> jdbc.sql("select statement, support, valid_to is not null from memory.items"
              + " where tenant_id = ? and namespace = ? order by created_seq, statement")
          .params(tenant, ns).query((rs, n) -> "  item" + (rs.getBoolean(3) ? " (closed)" : "") + " x" + rs.getInt(2) + ": "
              + rs.getString(1)).list()).forEach(System.out::println);
    }
    System.out.println("digest=" + s.digest());
    Result r = new Result(s.compressionRatio(), ratio(current1, current), ratio(current5, current),
        ratio(staleAbove, staleQuestions), ratio(asOf1, asOfQuestions), ratio(falseMerges, merges.size()), s.liveItems(),
        s.events());
    System.out.println(r.line());
    return r;
  }

  private static List<String> recall(TenantTransactions tenants, MemoryRecaller recaller, String tenant, String ns,
      String question, Instant asOf) {
    String explain = System.getenv("ENGRAM_EVAL_EXPLAIN");
    if (explain != null && question.contains(explain)) {
      // a development aid: why the items of one question rank as they do (ENGRAM_EVAL_EXPLAIN=<part of the question>)
      recaller.recallAndCount(tenant, ns, new RecallQuery(question, 25, asOf, false, true))
          .forEach(r -> System.out.println("    explain " + r.score() + " " + r.explanation() + " | " + r.item().statement()));
    }
    return recaller.recallAndCount(tenant, ns, new RecallQuery(question, TOP_K, asOf, false, false))
        .stream().map((RecalledItem r) -> r.item().statement()).toList();
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.isString() ? n.asString() : n.toString()));
    } else if (node != null && !node.isNull()) {
      out.add(node.isString() ? node.asString() : node.toString());
    }
    return out;
  }

  static String normalize(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  static boolean holdsAny(String statement, List<String> answers) {
    String s = normalize(statement);
    String compact = s.replace(" ", "");
    for (String a : answers) {
      String n = normalize(a);
      if (!n.isEmpty() && (s.contains(n) || compact.contains(n.replace(" ", "")))) {
        return true;
      }
    }
    return false;
  }

  /** The merged statement recorded in a MERGED / NOOP note ({@code ...: "<text>"}), or null for older notes. */
  static String mergedText(String note) {
    if (note == null) {
      return null;
    }
    int q = note.indexOf(": \"");
    return q < 0 || !note.endsWith("\"") ? null : note.substring(q + 3, note.length() - 1);
  }

  private static final Pattern NAME = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}\\p{N}&'.-]*");
  private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}]+");

  /**
   * Whether two statements disagree: each holds a figure, a date or a name the other lacks. A name is a capitalized
   * word that does not open a sentence or clause, in text that is not all capitals; it counts as held by the other
   * statement when the other has that word in any case.
   */
  static boolean disagree(String a, String b) {
    return differsBothWays(new HashSet<>(Values.numbers(a)), new HashSet<>(Values.numbers(b)))
        || differsBothWays(new HashSet<>(Values.dates(a)), new HashSet<>(Values.dates(b)))
        || namesMissing(a, b) && namesMissing(b, a);
  }

  private static <T> boolean differsBothWays(Set<T> a, Set<T> b) {
    return !a.isEmpty() && !b.isEmpty() && !a.containsAll(b) && !b.containsAll(a);
  }

  private static boolean namesMissing(String a, String b) {
    Set<String> words = new HashSet<>();
    Matcher w = WORDS.matcher(b.toLowerCase(Locale.ROOT));
    while (w.find()) {
      words.add(w.group());
    }
    return names(a).stream().anyMatch(n -> !words.contains(n));
  }

  /** Capitalized words that do not open a sentence or clause, lower-cased; none in all-capitals text. */
  static Set<String> names(String text) {
    Set<String> out = new HashSet<>();
    long letters = text.codePoints().filter(Character::isLetter).count();
    if (letters > 0 && text.codePoints().filter(Character::isUpperCase).count() > 0.6 * letters) {
      return out;
    }
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      String before = text.substring(0, m.start()).stripTrailing();
      if (!before.isEmpty() && !before.matches("(?s).*[.:;!?\"“(]$")) {
        Matcher w = WORDS.matcher(m.group().toLowerCase(Locale.ROOT));
        if (w.find()) {
          out.add(w.group());
        }
      }
    }
    return out;
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
