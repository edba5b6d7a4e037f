package io.engram.llm.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The subset of OpenAI's chat completion request this endpoint reads, plus Engram's extra fields
 * {@code collections}, {@code memoryNamespace} and {@code mode}. Other OpenAI fields are accepted and ignored.
 */
@Schema(description = "OpenAI's chat completion request (the fields read; others are accepted and ignored) with"
    + " Engram's collections, memoryNamespace and mode.")
public record ChatCompletionRequest(
    @Schema(description = "A configured assistant's name, or 'engram' with collections and memoryNamespace.",
        requiredMode = Schema.RequiredMode.REQUIRED, example = "engram")
    @Nullable String model,
    @Schema(description = "The conversation; the last user message is the question, the messages before it the"
        + " history.", requiredMode = Schema.RequiredMode.REQUIRED)
    @Nullable List<Message> messages,
    @Schema(description = "true: chat.completion.chunk server-sent events and 'data: [DONE]'.", defaultValue = "false")
    @Nullable Boolean stream,
    @Schema(description = "Tokens of answer (16 to 16384); max_completion_tokens wins when both are given.")
    @JsonProperty("max_tokens") @Nullable Integer maxTokens,
    @Schema(description = "Tokens of answer (16 to 16384). Default: engram.llm.answers.max-answer-tokens (512).")
    @JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
    @Schema(description = "With model 'engram': the collections to search (at most 10); ignored for an assistant.")
    @Nullable List<String> collections,
    @Schema(description = "With model 'engram': the memory namespace; ignored for an assistant.")
    @Nullable String memoryNamespace,
    @Schema(description = "fast or deep. Default: the assistant's mode, else fast.") @Nullable String mode) {

  /** A chat message; {@code content} is a string or an array of content parts. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatMessage")
  public record Message(
      @Schema(description = "user, assistant, system or developer (read as system).", example = "user")
      @Nullable String role,
      @io.swagger.v3.oas.annotations.media.Schema(implementation = Object.class, description = "A string, or an array of content parts ({\"type\": \"text\", \"text\": ...})") @Nullable JsonNode content) {

    /** The message's text: the string, or the text parts joined. */
    public @Nullable String text() {
      if (content == null || content.isNull()) {
        return null;
      }
      if (content.isString()) {
        return content.asString();
      }
      if (content.isArray()) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
          if ("text".equals(part.path("type").asString("")) && part.has("text")) {
            text.append(text.isEmpty() ? "" : "\n").append(part.get("text").asString());
          }
        }
        return text.toString();
      }
      return null;
    }
  }
}
