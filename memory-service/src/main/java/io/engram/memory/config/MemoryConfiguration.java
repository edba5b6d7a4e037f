package io.engram.memory.config;

import io.engram.memory.MemoryProperties;
import io.engram.memory.consolidate.Abstractor;
import io.engram.memory.consolidate.ChatAbstractor;
import io.engram.memory.consolidate.ListingAbstractor;
import io.engram.memory.decide.ChatDecider;
import io.engram.memory.event.EventValidator;
import io.engram.memory.extract.ChatStatementExtractor;
import io.engram.memory.extract.PatternStatementExtractor;
import io.engram.memory.extract.StatementExtractor;
import io.engram.memory.stream.StreamProperties;
import java.time.Clock;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the stages. Offline (the default: no {@code engram.memory.llm.base-url}) extraction and abstraction
 * are the deterministic pattern and listing implementations. With a base URL, an OpenAI-protocol chat model
 * (OpenAI, DeepSeek, Qwen, vLLM, LM Studio, ...) backs extraction, abstraction and the write path's decisions
 * (Mem0-style ADD / UPDATE / DELETE / NOOP, validated, offline rules as the fallback), behind the same interfaces.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MemoryProperties.class, StreamProperties.class})
public class MemoryConfiguration {

  static final String OFFLINE = "'${engram.memory.llm.base-url:}' == ''";
  static final String ONLINE = "'${engram.memory.llm.base-url:}' != ''";

  @Bean
  EventValidator eventValidator(MemoryProperties properties) {
    return new EventValidator(properties.maxEventChars());
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnExpression(OFFLINE)
  StatementExtractor patternStatementExtractor() {
    return new PatternStatementExtractor();
  }

  @Bean
  @ConditionalOnExpression(OFFLINE)
  Abstractor listingAbstractor() {
    return new ListingAbstractor();
  }

  /** The chat model of LLM mode: {@code engram.memory.llm.base-url}, {@code .api-key}, {@code .model}. */
  @Bean
  @ConditionalOnExpression(ONLINE)
  ChatModel memoryChatModel(Environment env,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.observation.ObservationRegistry> observations) {
    // observed: each model call is a span of the write's trace (Spring AI's chat model observation)
    return OpenAiChatModel.builder()
        .observationRegistry(observations.getIfAvailable(() -> io.micrometer.observation.ObservationRegistry.NOOP))
        .options(OpenAiChatOptions.builder()
        .baseUrl(env.getRequiredProperty("engram.memory.llm.base-url"))
        .apiKey(env.getProperty("engram.memory.llm.api-key", "none"))
        .model(env.getProperty("engram.memory.llm.model", "gpt-4o-mini"))
        .temperature(0.0)
        .build()).build();
  }

  @Bean
  @ConditionalOnExpression(ONLINE)
  StatementExtractor chatStatementExtractor(ChatModel memoryChatModel) {
    return new ChatStatementExtractor(memoryChatModel, new PatternStatementExtractor());
  }

  @Bean
  @ConditionalOnExpression(ONLINE)
  ChatDecider chatDecider(ChatModel memoryChatModel) {
    return new ChatDecider(memoryChatModel);
  }

  @Bean
  @ConditionalOnExpression(ONLINE)
  Abstractor chatAbstractor(ChatModel memoryChatModel) {
    return new ChatAbstractor(memoryChatModel);
  }
}
