package io.engram.eval.memory;

import io.engram.memory.event.EventValidator;
import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StoreStats;
import io.engram.memory.recall.MemoryRecaller;
import io.engram.memory.recall.RecallQuery;
import io.engram.memory.recall.RecalledItem;
import io.engram.support.tenancy.TenantTransactions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/memory-replay <events.jsonl> <queries.jsonl> <out.jsonl> [--topK K]}: replays an event log
 * (one JSON object a line: {@code id}, {@code text}, optional {@code time}, {@code namespace}, {@code kind}) in
 * order into fresh namespaces of a fresh tenant, through the same validation and write path as the API; then
 * writes one line per query ({@code id}, {@code text}, optional {@code asOf}, {@code namespace}) with the
 * recalled statements and their provenance. An invalid event line is reported on stderr and skipped. Last
 * line: {@code events=<n> liveItems=<m> ingestedTokens=<a> storedTokens=<b>} over all namespaces.
 */
public final class MemoryReplay {

  static final String DEFAULT_NAMESPACE = "default";
  private static final int BATCH = 100;

  private MemoryReplay() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: memory-replay <events.jsonl> <queries.jsonl> <out.jsonl> [--topK K]");
      System.exit(2);
    }
    int topK = Integer.parseInt(EvalRuntime.arg(args, "--topK", "10"));
    try (ConfigurableApplicationContext context = EvalRuntime.start()) {
      replay(context, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), topK);
    }
  }

  static void replay(ConfigurableApplicationContext context, Path eventsFile, Path queriesFile, Path out, int topK)
      throws IOException {
    MemoryWriter writer = context.getBean(MemoryWriter.class);
    MemoryRecaller recaller = context.getBean(MemoryRecaller.class);
    StatsRepository stats = context.getBean(StatsRepository.class);
    TenantTransactions tenants = context.getBean(TenantTransactions.class);
    EventValidator validator = context.getBean(EventValidator.class);
    JsonMapper json = JsonMapper.builder().build();
    String tenant = "replay-" + Long.toString(System.currentTimeMillis(), 36);
    Instant now = Instant.now();

    // 1. events, in order; consecutive events of one namespace go in batches
    Set<String> namespaces = new LinkedHashSet<>();
    Map<String, List<IncomingEvent>> pending = new LinkedHashMap<>();
    int written = 0;
    int lineNo = 0;
    String currentNs = null;
    for (String line : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode e = json.readTree(line);
        String ns = e.hasNonNull("namespace") ? namespaceName(e.get("namespace").asString()) : DEFAULT_NAMESPACE;
        IncomingEvent event = validator.validate(new RawEvent(text(e, "id"), e.hasNonNull("kind") ? e.get("kind").asString() : "note",
            text(e, "text"), text(e, "question"), text(e, "answer"), null, e.hasNonNull("time") ? e.get("time").asString()
            : text(e, "eventTime"), null), now, null);
        if (currentNs != null && !currentNs.equals(ns)) {
          written += flush(writer, tenant, pending);
        }
        currentNs = ns;
        namespaces.add(ns);
        List<IncomingEvent> batch = pending.computeIfAbsent(ns, k -> new ArrayList<>());
        batch.add(event);
        if (batch.size() >= BATCH) {
          written += flush(writer, tenant, pending);
        }
      } catch (RuntimeException ex) {
        System.err.println("events line " + lineNo + " skipped: " + ex.getMessage());
      }
    }
    written += flush(writer, tenant, pending);

    // 2. queries
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (String line : Files.readAllLines(queriesFile, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode q = json.readTree(line);
        String ns = q.hasNonNull("namespace") ? namespaceName(q.get("namespace").asString()) : DEFAULT_NAMESPACE;
        Instant asOf = q.hasNonNull("asOf") ? EventValidator.asOf(q.get("asOf").asString(), now) : null;
        List<RecalledItem> items = namespaces.contains(ns)
            ? recaller.recallAndCount(tenant, ns, new RecallQuery(q.get("text").asString(), topK, asOf, false, false))
            : List.of();
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (RecalledItem r : items) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("statement", r.item().statement());
          item.put("provenance", r.provenance().stream().map(p -> p.eventId()).toList());
          rendered.add(item);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", q.get("id").isNumber() ? q.get("id").numberValue() : q.get("id").asString());
        row.put("items", rendered);
        w.write(json.writeValueAsString(row));
        w.newLine();
      }
    }

    // 3. totals
    long live = 0;
    long ingested = 0;
    long stored = 0;
    for (String ns : namespaces) {
      StoreStats s = tenants.inTenant(tenant, () -> stats.stats(tenant, ns));
      live += s.liveItems();
      ingested += s.ingestedTokens();
      stored += s.storedTokens();
    }
    System.out.println("events=" + written + " liveItems=" + live + " ingestedTokens=" + ingested + " storedTokens=" + stored);
  }

  private static int flush(MemoryWriter writer, String tenant, Map<String, List<IncomingEvent>> pending) {
    int n = 0;
    for (Map.Entry<String, List<IncomingEvent>> e : pending.entrySet()) {
      if (!e.getValue().isEmpty()) {
        n += writer.write(tenant, e.getKey(), List.copyOf(e.getValue())).accepted();
        e.getValue().clear();
      }
    }
    return n;
  }

  /** Log namespaces may hold any text; memory namespaces are [A-Za-z0-9._-]: map the rest to '_'. */
  static String namespaceName(String raw) {
    String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "_");
    if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
      cleaned = "n" + cleaned;
    }
    return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : (v.isString() ? v.asString() : v.toString());
  }
}
