package io.engram.llm.openai;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Named assistants for the OpenAI-compatible endpoint: a client that sends {@code "model": "<name>"} gets
 * that assistant's collections, memory namespace and mode. The model {@value #GENERIC} is always there and
 * takes collections and memory namespace from the request's extra fields.
 */
@ConfigurationProperties("engram.llm")
public record AssistantProperties(@Nullable Map<String, Assistant> assistants) {

  public static final String GENERIC = "engram";

  public AssistantProperties {
    assistants = assistants == null ? Map.of() : Map.copyOf(assistants);
  }

  /** What an assistant binds. */
  public record Assistant(@Nullable List<String> collections, @Nullable String memoryNamespace, @Nullable String mode) {
  }
}
