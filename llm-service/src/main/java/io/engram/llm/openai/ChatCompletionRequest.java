package io.engram.llm.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The subset of OpenAI's chat completion request this endpoint reads, plus Engram's extra fields
 * {@code collections}, {@code memoryNamespace} and {@code mode}. Other OpenAI fields are accepted and ignored.
 */
public record ChatCompletionRequest(@Nullable String model, @Nullable List<Message> messages, @Nullable Boolean stream,
    @JsonProperty("max_tokens") @Nullable Integer maxTokens,
    @JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
    @Nullable List<String> collections, @Nullable String memoryNamespace, @Nullable String mode) {

  /** A chat message; {@code content} is a string or an array of content parts. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ChatMessage")
  public record Message(@Nullable String role,
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
