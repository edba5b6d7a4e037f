package io.engram.llm.answer;

import io.engram.llm.deep.DeepLimits;
import io.engram.llm.deep.DeepResult;
import io.engram.llm.deep.DeepSearch;
import io.engram.llm.fusion.ContextFuser;
import io.engram.llm.fusion.PackedContext;
import io.engram.llm.fusion.Passage;
import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.RoundGatherer;
import io.engram.llm.gather.GatherRequest;
import io.engram.llm.gather.Gathered;
import io.engram.llm.gather.StageTrace;
import io.engram.llm.generate.AnswerGenerator;
import io.engram.llm.generate.GeneratedAnswer;
import io.engram.llm.generate.GenerationRequest;
import io.engram.llm.source.MemoryEvent;
import io.engram.llm.writeback.Knowledge;
import io.engram.llm.writeback.WriteBackOutbox;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private final RoundGatherer gatherer;
  private final ContextFuser fuser;
  private final DeepSearch deepSearch;
  private final AnswerGenerator generator;
  private final WriteBackOutbox writeBack;
  private final AnswerLimits limits;
  private final AnswerMeters meters;
  private final Tracer tracer;

  public AnswerService(RoundGatherer gatherer, ContextFuser fuser, DeepSearch deepSearch, AnswerGenerator generator,
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

  /**
   * Step 1: a request becomes a command, or a 400 problem that says what is wrong: {@link AnswerCommand} checks
   * itself; the configured budgets fill what the request leaves out.
   */
  public AnswerCommand command(AnswerRequest request) {
    return AnswerCommand.of(request, limits);
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
    log.info("answered mode={} generator={} passages={} grounded={} degraded={} in {} ms", command.mode(),
        generated.generator(), context.ranked().size(), generated.grounded(), !degraded.isEmpty(), ms(started));
    AnswerResponse response = new AnswerResponse(generated.text(), generated.citations(), generated.generator(),
        generated.grounded(), !degraded.isEmpty(), degraded, command.mode(), entries(context, lists),
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
      return new AnswerResponse.WriteBack("disabled", null, null);
    }
    if (command.memoryNamespace() == null) {
      return new AnswerResponse.WriteBack("skipped: no memory namespace", null, null);
    }
    if (!generated.grounded()) {
      return new AnswerResponse.WriteBack("skipped: answer not grounded", null, null);
    }
    String eventId = WriteBackOutbox.eventId(tenantId, requestId == null ? "" : requestId, command.memoryNamespace(),
        command.question());
    // knowledge, not a transcript: the cited sentences, each standing on its own and linked to its chunk
    List<MemoryEvent.ContextEntry> statements = Knowledge.statements(generated.citations(), context);
    MemoryEvent event = new MemoryEvent(eventId, "interaction", null, command.question(),
        withoutCitationMarkers(generated.text()), statements, Instant.now().toString(),
        Knowledge.sources(generated.citations(), context));
    // "queued" only once the outbox row is committed; an answer whose write-back could not be stored is still given
    WriteBackOutbox.Stored stored = writeBack.enqueue(tenantId, command.memoryNamespace(), event);
    return stored.stored() ? new AnswerResponse.WriteBack("queued", eventId, null)
        : new AnswerResponse.WriteBack("not-stored", null, stored.reason());
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
