package io.engram.llm.answer;

import io.engram.llm.deep.DeepLimits;
import io.engram.llm.deep.DeepResult;
import io.engram.llm.deep.DeepSearch;
import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.PackedContext;
import io.engram.llm.fusion.Passage;
import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.Gatherer;
import io.engram.llm.gather.GatherRequest;
import io.engram.llm.gather.Gathered;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.generate.AnswerGenerator;
import io.engram.llm.generate.GeneratedAnswer;
import io.engram.llm.generate.GenerationRequest;
import io.engram.llm.source.HistoryMessage;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.writeback.Knowledge;
import io.engram.llm.writeback.WriteBackOutbox;
import io.engram.support.web.ProblemException;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a question, in the order of the query path: (1) validate and resolve budgets; (2) gather
 * memory and retrieval in parallel, once (fast) or in the deep-search loop (deep); (3) fuse and pack the
 * context; (4) generate with citations (grounded or an honest "cannot answer"); (5) queue the
 * write-back to memory. Every stage is timed into the trace.
 */
public class AnswerService {

  private static final Logger log = LoggerFactory.getLogger(AnswerService.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Set<String> ROLES = Set.of("user", "assistant", "system");

  private final Gatherer gatherer;
  private final ContextFuser fuser;
  private final DeepSearch deepSearch;
  private final AnswerGenerator generator;
  private final WriteBackOutbox writeBack;
  private final AnswerLimits limits;
  private final AnswerMeters meters;
  private final Tracer tracer;

  public AnswerService(Gatherer gatherer, ContextFuser fuser, DeepSearch deepSearch, AnswerGenerator generator,
      WriteBackOutbox writeBack, AnswerLimits limits, AnswerMeters meters, Tracer tracer) {
    this.meters = meters;
    this.tracer = tracer;
    this.gatherer = gatherer;
    this.fuser = fuser;
    this.deepSearch = deepSearch;
    this.generator = generator;
    this.writeBack = writeBack;
    this.limits = limits;
  }

  public AnswerGenerator generator() {
    return generator;
  }

  /** Step 1: a request becomes a command, or a 400 problem that says what is wrong. */
  public AnswerCommand validate(AnswerRequest request) {
    String question = request.question() == null ? "" : request.question().strip();
    if (question.isEmpty()) {
      throw ProblemException.badRequest("invalid-question", "The question is empty.");
    }
    if (question.length() > AnswerLimits.MAX_QUESTION_CHARS) {
      throw ProblemException.badRequest("invalid-question", "The question has " + question.length()
          + " characters; at most " + AnswerLimits.MAX_QUESTION_CHARS + " are allowed.");
    }
    List<String> collections = request.collections() == null ? List.of() : request.collections();
    if (collections.size() > AnswerLimits.MAX_COLLECTIONS) {
      throw ProblemException.badRequest("invalid-collections", "At most " + AnswerLimits.MAX_COLLECTIONS
          + " collections per question; got " + collections.size() + ".");
    }
    for (String c : collections) {
      if (c == null || !NAME.matcher(c).matches()) {
        throw ProblemException.badRequest("invalid-collections", "Illegal collection name: '" + c + "'.");
      }
    }
    collections = List.copyOf(new LinkedHashSet<>(collections));
    String ns = request.memoryNamespace() == null || request.memoryNamespace().isBlank() ? null : request.memoryNamespace();
    if (ns != null && !NAME.matcher(ns).matches()) {
      throw ProblemException.badRequest("invalid-memory-namespace", "Illegal memory namespace: '" + ns + "'.");
    }
    if (collections.isEmpty() && ns == null) {
      throw ProblemException.badRequest("no-sources", "Name at least one collection or a memory namespace to answer from.");
    }
    List<HistoryMessage> history = validateHistory(request.history());
    String mode = request.mode() == null ? "fast" : request.mode().toLowerCase(Locale.ROOT);
    if (!mode.equals("fast") && !mode.equals("deep")) {
      throw ProblemException.badRequest("invalid-mode", "Unknown mode '" + request.mode() + "'; known: fast, deep.");
    }
    AnswerRequest.Budget b = request.budget() == null
        ? new AnswerRequest.Budget(null, null, null, null, null, null, null) : request.budget();
    return new AnswerCommand(question, collections, ns, history, mode.equals("deep"),
        budget("contextTokens", b.contextTokens(), limits.contextTokens(), AnswerLimits.CONTEXT_TOKENS),
        budget("maxAnswerTokens", b.maxAnswerTokens(), limits.maxAnswerTokens(), AnswerLimits.ANSWER_TOKENS),
        budget("topK", b.topK(), limits.topK(), AnswerLimits.TOP_K),
        budget("memoryTopK", b.memoryTopK(), limits.memoryTopK(), AnswerLimits.TOP_K),
        budget("maxRounds", b.maxRounds(), limits.maxRounds(), AnswerLimits.ROUNDS),
        budget("maxWallMs", b.maxWallMs(), limits.maxWallMs(), AnswerLimits.WALL_MS),
        budget("maxTokens", b.maxTokens(), limits.maxTokens(), AnswerLimits.TOKENS));
  }

  static List<HistoryMessage> validateHistory(@Nullable List<HistoryMessage> history) {
    if (history == null) {
      return List.of();
    }
    if (history.size() > AnswerLimits.MAX_HISTORY) {
      throw ProblemException.badRequest("invalid-history", "At most " + AnswerLimits.MAX_HISTORY
          + " history messages; got " + history.size() + ".");
    }
    List<HistoryMessage> clean = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      HistoryMessage h = history.get(i);
      if (h == null || h.role() == null || !ROLES.contains(h.role().toLowerCase(Locale.ROOT))) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].role must be one of " + ROLES + ".");
      }
      if (h.content() == null || h.content().isBlank()) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].content is empty.");
      }
      if (h.content().length() > AnswerLimits.MAX_HISTORY_CHARS) {
        throw ProblemException.badRequest("invalid-history", "history[" + i + "].content is longer than "
            + AnswerLimits.MAX_HISTORY_CHARS + " characters.");
      }
      clean.add(new HistoryMessage(h.role().toLowerCase(Locale.ROOT), h.content()));
    }
    return clean;
  }

  private static int budget(String name, @Nullable Integer given, int fallback, int[] range) {
    int value = given == null ? fallback : given;
    if (value < range[0] || value > range[1]) {
      throw ProblemException.badRequest("invalid-budget", "budget." + name + " = " + value + " is outside ["
          + range[0] + ", " + range[1] + "].").with("field", "budget." + name);
    }
    return value;
  }

  /** Steps 2 to 5 for a validated command. */
  public AnswerResponse answer(AnswerCommand command, String tenantId, @Nullable String requestId, AnswerListener listener) {
    long started = System.nanoTime();
    List<StageTrace> stages = new ArrayList<>();
    // 2. gather
    List<RankedList> lists;
    List<String> degraded;
    AnswerResponse.Deep deepTrace = null;
    if (command.deep()) {
      DeepResult deep = deepSearch.search(command.question(), command.collections(), command.memoryNamespace(),
          command.history(), command.topK(), command.memoryTopK(),
          new DeepLimits(command.maxRounds(), Duration.ofMillis(command.maxWallMs()), command.maxTokens(),
              limits.queriesPerRound()),
          listener::cancelled, new java.util.function.Consumer<>() {
            int round;

            @Override
            public void accept(Gathered g) {
              listener.gathered(++round, g);
            }
          });
      lists = deep.lists();
      degraded = deep.degraded();
      stages.addAll(deep.stages());
      stages.add(new StageTrace("deep-search", deep.tookMs(), deep.stopReason(),
          Map.of("rounds", deep.rounds().size(), "tokensUsed", deep.tokensUsed())));
      deepTrace = new AnswerResponse.Deep(deep.planner(), deep.rounds(), deep.stopReason(), deep.tokensUsed(),
          command.maxRounds(), command.maxWallMs(), command.maxTokens());
    } else {
      Gathered g = gatherer.gather(new GatherRequest(List.of(command.question()), command.collections(),
          command.memoryNamespace(), command.question(), command.history(), command.topK(), command.memoryTopK(),
          Instant.now().plusMillis(command.maxWallMs())));
      listener.gathered(1, g);
      lists = g.lists();
      degraded = g.degraded();
      stages.addAll(g.stages());
    }
    if (listener.cancelled()) {
      throw new Cancelled();
    }
    // 3. fuse and pack
    long t = System.nanoTime();
    PackedContext context = fuser.fuseAndPack(lists, command.contextTokens());
    stages.add(new StageTrace("fusion", ms(t), "ok", Map.of("passages", context.ranked().size(),
        "tokens", context.tokens(), "duplicatesFolded", context.duplicatesFolded(),
        "droppedForBudget", context.droppedForBudget())));
    // 4. generate
    t = System.nanoTime();
    GeneratedAnswer generated = generator.generate(new GenerationRequest(command.question(), command.history(), context,
        command.maxAnswerTokens(), listener.streaming()), listener::token, listener::cancelled);
    stages.add(new StageTrace("generation", ms(t), generated.grounded() ? "grounded" : "not-supported",
        Map.of("generator", generated.generator(), "citations", generated.citations().size())));
    if (listener.cancelled()) {
      throw new Cancelled();
    }
    listener.citations(generated.citations());
    // 5. write back
    AnswerResponse.WriteBack wb = writeBack(command, tenantId, requestId, generated, context);
    log.info("answered mode={} generator={} passages={} grounded={} degraded={} in {} ms", command.deep() ? "deep" : "fast",
        generated.generator(), context.ranked().size(), generated.grounded(), !degraded.isEmpty(), ms(started));
    AnswerResponse response = new AnswerResponse(generated.text(), generated.citations(), generated.generator(),
        generated.grounded(), !degraded.isEmpty(), degraded, command.deep() ? "deep" : "fast", entries(context, lists),
        new AnswerResponse.Usage(context.tokens(), context.budget(), generated.promptTokens(), generated.completionTokens()),
        wb, new AnswerResponse.Trace(ms(started), stages, deepTrace, traceId()));
    meters.record(response);
    return response;
  }

  private @Nullable String traceId() {
    Span span = tracer.currentSpan();
    String id = span == null ? null : span.context().traceId();
    return id == null || id.isBlank() ? null : id;
  }

  private AnswerResponse.WriteBack writeBack(AnswerCommand command, String tenantId, @Nullable String requestId,
      GeneratedAnswer generated, PackedContext context) {
    if (!writeBack.enabled()) {
      return new AnswerResponse.WriteBack("disabled", null);
    }
    if (command.memoryNamespace() == null) {
      return new AnswerResponse.WriteBack("skipped: no memory namespace", null);
    }
    if (!generated.grounded()) {
      return new AnswerResponse.WriteBack("skipped: answer not grounded", null);
    }
    String eventId = WriteBackOutbox.eventId(tenantId, requestId == null ? "" : requestId, command.memoryNamespace(),
        command.question());
    // knowledge, not a transcript: the cited sentences, each standing on its own and linked to its chunk
    List<MemoryEvent.ContextEntry> statements = Knowledge.statements(generated.citations(), context);
    MemoryEvent event = new MemoryEvent(eventId, "interaction", null, command.question(),
        withoutCitationMarkers(generated.text()), statements, Instant.now().toString(),
        Knowledge.sources(generated.citations(), context));
    writeBack.enqueue(tenantId, command.memoryNamespace(), event);
    return new AnswerResponse.WriteBack("queued", eventId);
  }

  /**
   * The answer as memory should keep it: citation markers ({@code [1]}) point into this response's context
   * list and mean nothing in the store, where provenance carries the sources instead.
   */
  static String withoutCitationMarkers(String answer) {
    return CITATION_MARKER.matcher(answer).replaceAll("").strip();
  }

  private static final java.util.regex.Pattern CITATION_MARKER = java.util.regex.Pattern.compile("\\s*\\[\\d{1,3}\\]");

  private static List<AnswerResponse.ContextEntry> entries(PackedContext context, List<RankedList> lists) {
    // where each passage came from: retrieval, memory, or memory's pointer into retrieval (a list's source names it)
    Map<String, Set<String>> via = new java.util.HashMap<>();
    for (RankedList list : lists) {
      if (list.source().indexOf(':') < 1) {
        continue; // a list that regroups passages of the others (deep search's question-names list)
      }
      String from = list.source().substring(0, list.source().indexOf(':'));
      list.passages().forEach(p -> via.computeIfAbsent(p.id(), id -> new java.util.TreeSet<>()).add(from));
    }
    List<AnswerResponse.ContextEntry> entries = new ArrayList<>();
    int rank = 0;
    for (Passage p : context.ranked()) {
      Set<String> from = new java.util.TreeSet<>(via.getOrDefault(p.id(), Set.of()));
      p.alsoFrom().forEach(a -> from.addAll(via.getOrDefault(a, Set.of())));
      entries.add(new AnswerResponse.ContextEntry(++rank, p.id(), p.kind().label(), p.sourceId(), p.documentId(),
          p.origin(), p.title(), p.score(), p.alsoFrom(), List.copyOf(from)));
    }
    return entries;
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** The client went away; nothing is left to say to it. */
  public static final class Cancelled extends RuntimeException {
    public Cancelled() {
      super("client went away", null, false, false);
    }
  }
}
