package io.engram.llm.answer;

import io.engram.llm.fusion.RankedList;
import io.engram.llm.gather.Gathered;
import io.engram.llm.generate.Citation;
import io.engram.llm.stream.EventStream;
import io.engram.llm.stream.EventStreams;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Problems;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
 * that disconnects stops the work: the stream's heartbeat ({@link EventStreams}) finds a closed connection
 * even while no event is due, and the answer pipeline checks before every round and between generated
 * pieces; an answer whose client left is neither finished nor written back.
 */
@RestController
@Tag(name = "answers", description = "Cited answers from retrieval and memory")
class AnswerController {

  private static final Logger log = LoggerFactory.getLogger(AnswerController.class);

  private final AnswerService answers;
  private final EventStreams streams;

  AnswerController(AnswerService answers, EventStreams streams) {
    this.answers = answers;
    this.streams = streams;
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
    AnswerCommand command = answers.command(request);
    boolean stream = Boolean.TRUE.equals(request.stream())
        || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE) && !accept.contains("json"));
    String requestId = MDC.get(io.engram.support.identity.RequestIds.MDC_KEY);
    if (!stream) {
      return answers.answer(command, identity.tenantId(), requestId, AnswerListener.NONE);
    }
    return stream(command, identity, requestId);
  }

  private SseEmitter stream(AnswerCommand command, InternalIdentity identity, @Nullable String requestId) {
    String tenant = identity.tenantId();
    return streams.start("answer", (long) command.maxWallMs() + 120_000L, tenant, out -> {
      AnswerResponse response = answers.answer(command, tenant, requestId, new SseListener(out));
      out.send("final", response);
    }, AnswerController::reportFailure);
  }

  /** An error event with the problem document; an unexpected failure is an internal problem. */
  private static void reportFailure(EventStream out, RuntimeException e) {
    ProblemDetail problem;
    if (e instanceof ProblemException p) {
      problem = p.getBody();
    } else {
      log.error("answer stream failed", e);
      problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
          "The service failed to answer; quote the request id when reporting it.");
    }
    out.trySend(SseEmitter.event().name("error").data(Problems.toMap(problem), MediaType.APPLICATION_JSON));
  }

  /** Turns answer stages into SSE events; a failed write marks the client gone, which stops the work. */
  static final class SseListener implements AnswerListener {

    private final EventStream out;

    SseListener(EventStream out) {
      this.out = out;
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
      out.send("retrieval", retrieval);
      if (round == 1) {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("items", memories);
        memory.put("degraded", gathered.degraded().stream().filter(d -> d.startsWith("memory")).toList());
        memory.put("stages", gathered.stages().stream().filter(s -> s.stage().equals("memory")).toList());
        out.send("memory", memory);
      }
    }

    @Override
    public void token(String text) {
      out.send("token", Map.of("text", text));
    }

    @Override
    public boolean streaming() {
      return true;
    }

    @Override
    public void citations(List<Citation> citations) {
      out.send("citations", Map.of("citations", citations));
    }

    @Override
    public boolean cancelled() {
      return out.gone();
    }
  }
}
