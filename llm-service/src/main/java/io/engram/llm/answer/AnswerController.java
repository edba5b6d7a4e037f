package io.engram.llm.answer;

import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.Gathered;
import io.engram.llm.generate.Citation;
import io.engram.support.client.CallForwardingInterceptor.CallContext;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Problems;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /v1/answers}: a cited answer as JSON, or with {@code stream=true} (or
 * {@code Accept: text/event-stream}) as server-sent events {@code retrieval}, {@code memory},
 * {@code token}..., {@code citations}, {@code final} (or {@code error} with a problem document). A client
 * that disconnects stops the work: a heartbeat comment every {@code engram.llm.stream-heartbeat} (default
 * 250 ms) finds a closed connection even while no event is due, and the answer pipeline checks before
 * every round and between generated pieces; an answer whose client left is neither finished nor written
 * back.
 */
@RestController
@Tag(name = "answers", description = "Cited answers from retrieval and memory")
class AnswerController {

  private static final Logger log = LoggerFactory.getLogger(AnswerController.class);

  private final AnswerService answers;
  private final Duration heartbeat;

  AnswerController(AnswerService answers, @Value("${engram.llm.stream-heartbeat:250ms}") Duration heartbeat) {
    this.answers = answers;
    this.heartbeat = heartbeat;
  }

  @Operation(operationId = "createAnswer", summary = "Answer a question from retrieval and memory, with citations",
      description = "With stream=true (or Accept: text/event-stream) the answer comes as server-sent events retrieval, memory,"
          + " token..., citations, final (or error with a problem document).")
  @ApiResponse(responseCode = "200", description = "The cited answer, or its events", content = {
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AnswerResponse.class)),
      @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))})
  @PostMapping("/v1/answers")
  Object answer(InternalIdentity identity, @RequestBody AnswerRequest request,
      @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    AnswerCommand command = answers.validate(request);
    boolean stream = Boolean.TRUE.equals(request.stream())
        || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE) && !accept.contains("json"));
    String requestId = MDC.get(io.engram.support.identity.RequestIds.MDC_KEY);
    if (!stream) {
      return answers.answer(command, identity.tenantId(), requestId, AnswerListener.NONE);
    }
    return stream(command, identity, requestId);
  }

  private SseEmitter stream(AnswerCommand command, InternalIdentity identity, @Nullable String requestId) {
    SseEmitter emitter = new SseEmitter((long) command.maxWallMs() + 120_000L);
    AtomicBoolean gone = new AtomicBoolean();
    emitter.onCompletion(() -> gone.set(true));
    emitter.onTimeout(() -> gone.set(true));
    emitter.onError(e -> gone.set(true));
    CallContext context = CallContext.current();
    String tenant = identity.tenantId();
    SseListener listener = new SseListener(emitter, gone);
    Thread.ofVirtual().name("answer-stream").start(() -> context.run(() -> {
      MDC.put("tenant", tenant);
      Thread beat = Thread.ofVirtual().name("answer-stream-heartbeat").start(() -> listener.beat(heartbeat));
      try {
        AnswerResponse response = answers.answer(command, tenant, requestId, listener);
        listener.send("final", response);
        emitter.complete();
      } catch (AnswerService.Cancelled | ClientGone e) {
        log.info("answer stream stopped: client went away");
        emitter.complete();
      } catch (ProblemException e) {
        listener.trySend("error", Problems.toMap(e.getBody()));
        emitter.complete();
      } catch (RuntimeException e) {
        log.error("answer stream failed", e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
            "The service failed to answer; quote the request id when reporting it.");
        listener.trySend("error", Problems.toMap(problem));
        emitter.complete();
      } finally {
        beat.interrupt();
        MDC.remove("tenant");
      }
    }));
    return emitter;
  }

  /** The client is gone: writing to it failed. */
  static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("client went away", cause, false, false);
    }
  }

  /** Turns answer stages into SSE events; a failed write marks the client gone, which stops the work. */
  static final class SseListener implements AnswerListener {

    private final SseEmitter emitter;
    private final AtomicBoolean gone;

    SseListener(SseEmitter emitter, AtomicBoolean gone) {
      this.emitter = emitter;
      this.gone = gone;
    }

    @Override
    public void gathered(int round, Gathered gathered) {
      int chunks = 0;
      int memories = 0;
      for (RankedList list : gathered.lists()) {
        if (list.source().startsWith("memory:")) {
          memories += list.passages().size();
        } else {
          chunks += list.passages().size();
        }
      }
      Map<String, Object> retrieval = new LinkedHashMap<>();
      retrieval.put("round", round);
      retrieval.put("hits", chunks);
      retrieval.put("degraded", gathered.degraded().stream().filter(d -> d.startsWith("retrieval")).toList());
      retrieval.put("stages", gathered.stages().stream().filter(s -> s.stage().equals("retrieval")).toList());
      send("retrieval", retrieval);
      if (round == 1) {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("items", memories);
        memory.put("degraded", gathered.degraded().stream().filter(d -> d.startsWith("memory")).toList());
        memory.put("stages", gathered.stages().stream().filter(s -> s.stage().equals("memory")).toList());
        send("memory", memory);
      }
    }

    @Override
    public void token(String text) {
      send("token", Map.of("text", text));
    }

    @Override
    public boolean streaming() {
      return true;
    }

    @Override
    public void citations(List<Citation> citations) {
      send("citations", Map.of("citations", citations));
    }

    @Override
    public boolean cancelled() {
      return gone.get();
    }

    void send(String name, Object data) {
      write(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
    }

    /** Sends an SSE comment now and then until interrupted or the client is found gone. */
    void beat(Duration every) {
      try {
        while (!gone.get()) {
          Thread.sleep(every);
          write(SseEmitter.event().comment(""));
        }
      } catch (InterruptedException | ClientGone e) {
        // the answer is done, or nobody is listening any more
      }
    }

    // SseEmitter serialises sends itself; a failed one means the connection is closed
    private void write(SseEmitter.SseEventBuilder event) {
      if (gone.get()) {
        throw new ClientGone(null);
      }
      try {
        emitter.send(event);
      } catch (IOException | IllegalStateException e) {
        gone.set(true);
        throw new ClientGone(e);
      }
    }

    void trySend(String name, Object data) {
      try {
        send(name, data);
      } catch (ClientGone ignored) {
        // nobody to tell
      }
    }
  }
}
