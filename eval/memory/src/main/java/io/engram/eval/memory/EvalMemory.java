package io.engram.eval.memory;

import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.event.WriteResult;
import io.engram.memory.extract.Values;
import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StoreStats;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.recall.RecalledItem;
import io.engram.support.tenancy.TenantTransactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code scripts/eval-memory [--items N] [--redundancy R] [--seed S] [--entities E]}: writes a seeded synthetic
 * stream ({@link SyntheticStream}) through the real write path into a fresh tenant and namespace, one event
 * per call, then asks one question per current planted fact. Last line:
 * {@code compression=<x> recall@5=<y> stale=<z> dupSuppression=<d> falseMerges=<f> slope=<s> updateP95ms=<t>}.
 * <ul>
 *   <li>compression = ingested tokens / live stored tokens (stats);</li>
 *   <li>recall@5 = share of questions whose current value is in a top-5 statement;</li>
 *   <li>stale = share of questions where an outdated value of that slot ranks above the current one;</li>
 *   <li>dupSuppression = share of redundant events that opened no new item (merged or nothing);</li>
 *   <li>falseMerges = share of merges that joined an event to an item first stated for another fact;</li>
 *   <li>slope = least-squares slope of ln(live store size) on ln(events) over ten checkpoints, where the live store
 *       is every item neither archived nor superseded (abstractions, facts, episodes; members folded into an
 *       abstraction are archived, so they no longer count);</li>
 *   <li>updateP95ms = 95th percentile of one event's write time (extraction, search, decision, storage).</li>
 * </ul>
 */
public final class EvalMemory {

  /** People in the synthetic world (plus half as many projects): 4 attributes each, 180 slots by default. */
  static final int DEFAULT_PEOPLE = 30;

  private EvalMemory() {
  }

  public static void main(String[] args) {
    int n = Integer.parseInt(EvalRuntime.arg(args, "--items", "10000"));
    double redundancy = Double.parseDouble(EvalRuntime.arg(args, "--redundancy", "0.9"));
    long seed = Long.parseLong(EvalRuntime.arg(args, "--seed", "42"));
    int entities = Integer.parseInt(EvalRuntime.arg(args, "--entities", String.valueOf(DEFAULT_PEOPLE)));
    try (ConfigurableApplicationContext context = EvalRuntime.start()) {
      run(context, n, redundancy, seed, entities);
    }
  }

  static void run(ConfigurableApplicationContext context, int n, double redundancy, long seed, int entities) {
    MemoryWriter writer = context.getBean(MemoryWriter.class);
    MemoryRecaller recaller = context.getBean(MemoryRecaller.class);
    StatsRepository statsRepository = context.getBean(StatsRepository.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    String tenant = "eval-" + Long.toString(System.currentTimeMillis(), 36);
    String ns = "synthetic";

    SyntheticStream stream = new SyntheticStream(seed, redundancy, entities);
    List<SyntheticStream.Event> events = stream.events(n);
    System.out.printf(Locale.ROOT, "eval-memory: %d events, redundancy %.2f, seed %d, %d people, tenant %s%n", n, redundancy,
        seed, entities, tenant);

    // warm-up outside the measurement: model load and JIT
    writer.write(tenant, "warmup", List.of(new IncomingEvent("w", "note", "Warm Up's city is Nowhere.", null, null,
        events.getFirst().time(), List.of(), null)));

    double[] latencies = new double[n];
    int redundant = 0;
    int suppressed = 0;
    List<double[]> checkpoints = new ArrayList<>();
    List<Double> changing = new ArrayList<>();
    List<Double> restating = new ArrayList<>();
    int step = Math.max(1, n / 10);
    for (int i = 0; i < n; i++) {
      SyntheticStream.Event e = events.get(i);
      long start = System.nanoTime();
      WriteResult r = writer.write(tenant, ns, List.of(new IncomingEvent(e.id(), "note", e.text(), null, null, e.time(),
          List.of("synthetic:" + e.id()), null)));
      latencies[i] = (System.nanoTime() - start) / 1e6;
      List<String> decided = r.outcomes().getFirst().decisions();
      (decided.contains("ADD") || decided.contains("SUPERSEDE") ? changing : restating).add(latencies[i]);
      if (e.redundant()) {
        redundant++;
        List<String> d = decided;
        if (!d.contains("ADD") && !d.contains("SUPERSEDE")) {
          suppressed++;
        }
      }
      if ((i + 1) % step == 0) {
        StoreStats s = tenants.inTenant(tenant, () -> statsRepository.stats(tenant, ns));
        // the live store: neither archived nor superseded
        checkpoints.add(new double[] {i + 1, s.liveItems()});
        System.out.printf(Locale.ROOT, "  after %6d events: live %5d (abstractions %d; folded %d), stored tokens %d, ingested %d%n",
            i + 1, s.liveItems(), s.abstractions(), s.demotedItems(), s.storedTokens(), s.ingestedTokens());
      }
    }

    // questions about every current fact
    List<SyntheticStream.Question> questions = stream.questions();
    int hits = 0;
    int stale = 0;
    for (SyntheticStream.Question q : questions) {
      List<RecalledItem> top = recaller.recallAndCount(tenant, ns, new RecallQuery(q.text(), 5, null, false, false));
      int currentRank = -1;
      int outdatedRank = -1;
      for (int rank = 0; rank < top.size(); rank++) {
        String statement = top.get(rank).item().statement();
        if (!statement.toLowerCase(Locale.ROOT).contains(q.current().entity().toLowerCase(Locale.ROOT))) {
          continue;
        }
        if (currentRank < 0 && holds(statement, q.current().value())) {
          currentRank = rank;
        }
        for (String old : q.outdated()) {
          if (outdatedRank < 0 && holds(statement, old)) {
            outdatedRank = rank;
          }
        }
      }
      if (currentRank >= 0) {
        hits++;
      }
      if (outdatedRank >= 0 && (currentRank < 0 || outdatedRank < currentRank)) {
        stale++;
      }
    }

    // false merges: an item's provenance events after the first that planted a different fact
    Map<String, SyntheticStream.Fact> factOf = new HashMap<>();
    events.forEach(e -> factOf.put(e.id(), e.fact()));
    List<List<String>> provenance = tenants.inTenant(tenant, () -> jdbc.sql("""
            select string_agg(p.client_id, ',' order by e.seq) from memory.provenance p join memory.events e on e.id = p.event_id
            where p.tenant_id = ? and e.namespace = ? group by p.item_id""")
        .params(tenant, ns).query((rs, i) -> Arrays.asList(rs.getString(1).split(","))).list());
    int merges = 0;
    int falseMerges = 0;
    for (List<String> ids : provenance) {
      SyntheticStream.Fact first = factOf.get(ids.getFirst());
      for (String id : ids.subList(1, ids.size())) {
        merges++;
        SyntheticStream.Fact f = factOf.get(id);
        if (first != null && f != null && !first.equals(f)) {
          falseMerges++;
        }
      }
    }

    StoreStats s = tenants.inTenant(tenant, () -> statsRepository.stats(tenant, ns));
    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double p50 = sorted[(int) Math.floor(0.50 * (n - 1))];
    double p95 = sorted[(int) Math.floor(0.95 * (n - 1))];
    double p99 = sorted[(int) Math.floor(0.99 * (n - 1))];
    System.out.printf(Locale.ROOT, "store: live %d, archived %d, superseded %d, abstractions %d; tokens stored %d, ingested %d%n",
        s.liveItems(), s.archivedItems(), s.supersededItems(), s.abstractions(), s.storedTokens(), s.ingestedTokens());
    System.out.printf(Locale.ROOT, "questions %d, hits %d, stale %d; merges %d, false %d; update p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        questions.size(), hits, stale, merges, falseMerges, p50, p99, sorted[n - 1]);
    System.out.printf(Locale.ROOT, "update p95 of events that opened an item %.2f ms (%d), of the others %.2f ms (%d)%n",
        p95(changing), changing.size(), p95(restating), restating.size());
    System.out.println("digest=" + s.digest());
    System.out.printf(Locale.ROOT, "compression=%.2f recall@5=%.4f stale=%.4f dupSuppression=%.4f falseMerges=%.4f slope=%.3f updateP95ms=%.2f%n",
        s.compressionRatio(), ratio(hits, questions.size()), ratio(stale, questions.size()), ratio(suppressed, redundant),
        ratio(falseMerges, merges), slope(checkpoints), p95);
  }

  /** Whether a statement holds a value: dates and amounts by their normal form, words case-insensitively. */
  static boolean holds(String statement, String value) {
    List<String> dates = Values.dates(value);
    if (!dates.isEmpty()) {
      return Values.dates(statement).containsAll(dates);
    }
    if (value.startsWith("$")) {
      return Values.numbers(statement).containsAll(Values.numbers(value));
    }
    return statement.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
  }

  static double slope(List<double[]> points) {
    int k = points.size();
    if (k < 2) {
      return 0;
    }
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      double x = Math.log(p[0]);
      double y = Math.log(Math.max(1, p[1]));
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    return (k * sxy - sx * sy) / (k * sxx - sx * sx);
  }

  private static double p95(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v[(int) Math.floor(0.95 * (v.length - 1))];
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
