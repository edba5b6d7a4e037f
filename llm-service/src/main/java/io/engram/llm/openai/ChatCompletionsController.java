package io.engram.llm.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.engram.llm.answer.AnswerCommand;
import io.engram.llm.answer.AnswerListener;
import io.engram.llm.answer.AnswerRequest;
import io.engram.llm.answer.AnswerResponse;
import io.engram.llm.answer.AnswerService;
import io.engram.llm.source.HistoryMessage;
import io.engram.llm.stream.EventStream;
import io.engram.llm.stream.EventStreams;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.identity.RequestIds;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Problems;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /v1/chat/completions} in OpenAI's wire format, so that any OpenAI client can ask Engram:
 * the last user message is the question, earlier messages are the history, {@code model} names a
 * configured assistant (or {@value AssistantProperties#GENERIC} with the extra request fields
 * {@code collections} and {@code memoryNamespace}). Streaming sends {@code chat.completion.chunk} objects
 * and {@code data: [DONE]}, with the same heartbeat and disconnect handling as the answers stream
 * ({@link EventStreams}). Engram's citations, generator and degradation ride along under {@code engram}.
 */
@RestController
@Tag(name = "chat", description = "The OpenAI-compatible endpoint")
class ChatCompletionsController {

  private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);

  private final AnswerService answers;
  private final AssistantProperties assistants;
  private final EventStreams streams;

  ChatCompletionsController(AnswerService answers, AssistantProperties assistants, EventStreams streams) {
    this.answers = answers;
    this.assistants = assistants;
    this.streams = streams;
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatCompletion")
  record Completion(@Schema(description = "The completion's id (chatcmpl-...).") String id,
      @Schema(description = "Always chat.completion.") String object,
      @Schema(description = "When it was made, in Unix seconds.") long created,
      @Schema(description = "The model as asked.") String model,
      @Schema(description = "One choice.") List<Choice> choices,
      @Schema(description = "Token usage.") Usage usage,
      @Schema(description = "Engram's extras: citations, generator, grounded, degraded, degradedReasons.")
      Map<String, Object> engram) {
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatChoice")
  record Choice(@Schema(description = "Always 0.") int index,
      @Schema(description = "The answer.") OutMessage message,
      @Schema(description = "Always null.") @Nullable Object logprobs,
      @Schema(description = "Always stop.") @JsonProperty("finish_reason") String finishReason) {
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatAssistantMessage")
  record OutMessage(@Schema(description = "Always assistant.") String role,
      @Schema(description = "The answer's text.") String content,
      @Schema(description = "Always null.") @Nullable Object refusal) {
  }

  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatUsage")
  record Usage(@Schema(description = "Prompt tokens (0 for the extractive generator).")
      @JsonProperty("prompt_tokens") int promptTokens,
      @Schema(description = "Completion tokens (0 for the extractive generator).")
      @JsonProperty("completion_tokens") int completionTokens,
      @Schema(description = "Prompt and completion tokens.") @JsonProperty("total_tokens") int totalTokens) {
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatCompletionChunk")
  record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Map<String, Object> engram) {
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatChunkChoice")
  record ChunkChoice(int index, Delta delta, @Nullable Object logprobs,
      @JsonProperty("finish_reason") @Nullable String finishReason) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatDelta")
  record Delta(@Nullable String role, @Nullable String content) {
  }

  @Operation(operationId = "createChatCompletion", summary = "OpenAI-compatible chat completions answered from retrieval and memory",
      description = "With stream=true the answer comes as server-sent chat.completion.chunk events and 'data: [DONE]'.")
  @ApiResponse(responseCode = "200", description = "The completion, or its chunks as server-sent events", content = {
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Completion.class)),
      @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))})
  @PostMapping("/v1/chat/completions")
  Object complete(InternalIdentity identity, @RequestBody ChatCompletionRequest request) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    AnswerCommand command = answers.command(toAnswerRequest(request));
    String model = request.model();
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = System.currentTimeMillis() / 1000;
    String requestId = MDC.get(RequestIds.MDC_KEY);
    if (!Boolean.TRUE.equals(request.stream())) {
      AnswerResponse a = answers.answer(command, identity.tenantId(), requestId, AnswerListener.NONE);
      return new Completion(id, "chat.completion", created, model,
          List.of(new Choice(0, new OutMessage("assistant", a.answer(), null), null, "stop")),
          new Usage(a.usage().promptTokens(), a.usage().completionTokens(),
              a.usage().promptTokens() + a.usage().completionTokens()), extras(a));
    }
    String tenant = identity.tenantId();
    return streams.start("chat", (long) command.maxWallMs() + 120_000L, tenant, out -> {
      out.send(new Chunk(id, "chat.completion.chunk", created, model,
          List.of(new ChunkChoice(0, new Delta("assistant", ""), null, null)), null));
      AnswerResponse a = answers.answer(command, tenant, requestId, new AnswerListener() {
        @Override
        public void token(String text) {
          out.send(new Chunk(id, "chat.completion.chunk", created, model,
              List.of(new ChunkChoice(0, new Delta(null, text), null, null)), null));
        }

        @Override
        public boolean cancelled() {
          return out.gone();
        }

        @Override
        public boolean streaming() {
          return true;
        }
      });
      out.send(new Chunk(id, "chat.completion.chunk", created, model,
          List.of(new ChunkChoice(0, new Delta(null, null), null, "stop")), extras(a)));
      out.send(SseEmitter.event().data("[DONE]", MediaType.TEXT_PLAIN));
    }, ChatCompletionsController::reportFailure);
  }

  /** A problem rides in an {@code error} object, as OpenAI's streams carry theirs; anything else ends the stream. */
  private static void reportFailure(EventStream out, RuntimeException e) {
    if (e instanceof ProblemException p) {
      out.trySend(SseEmitter.event().data(Map.of("error", Problems.toMap(p.getBody())), MediaType.APPLICATION_JSON));
    } else {
      log.warn("chat completion stream failed: {}", e.toString());
    }
  }

  private static Map<String, Object> extras(AnswerResponse a) {
    return Map.of("citations", a.citations(), "generator", a.generator(), "grounded", a.grounded(),
        "degraded", a.degraded(), "degradedReasons", a.degradedReasons());
  }

  AnswerRequest toAnswerRequest(ChatCompletionRequest request) {
    String model = request.model();
    if (model == null || model.isBlank()) {
      throw ProblemException.badRequest("invalid-model", "The request names no model; use '"
          + AssistantProperties.GENERIC + "' or a configured assistant " + assistants.assistants().keySet() + ".");
    }
    List<String> collections = request.collections();
    String namespace = request.memoryNamespace();
    String mode = request.mode();
    AssistantProperties.Assistant assistant = assistants.assistants().get(model);
    if (assistant != null) {
      collections = assistant.collections();
      namespace = assistant.memoryNamespace();
      mode = mode == null ? assistant.mode() : mode;
    } else if (!AssistantProperties.GENERIC.equals(model)) {
      throw ProblemException.notFound("unknown-model", "There is no model '" + model + "'; known: "
          + AssistantProperties.GENERIC + " and the configured assistants " + assistants.assistants().keySet() + ".")
          .with("model", model);
    }
    List<ChatCompletionRequest.Message> messages = request.messages() == null ? List.of() : request.messages();
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) != null && "user".equals(messages.get(i).role())) {
        last = i;
        break;
      }
    }
    if (last < 0) {
      throw ProblemException.badRequest("invalid-messages", "The messages hold no user message to answer.");
    }
    List<HistoryMessage> history = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      ChatCompletionRequest.Message m = messages.get(i);
      if (m == null) {
        throw ProblemException.badRequest("invalid-messages", "messages[" + i + "] is null.");
      }
      String role = "developer".equals(m.role()) ? "system" : m.role();
      history.add(new HistoryMessage(role == null ? "" : role, m.text() == null ? "" : m.text()));
    }
    Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
    return new AnswerRequest(messages.get(last).text(), collections, namespace, history, mode, request.stream(),
        new AnswerRequest.Budget(null, maxTokens, null, null, null, null, null));
  }
}
