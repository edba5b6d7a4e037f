package io.engram.retrieval.config;

import io.engram.retrieval.RetrievalProperties;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the retrieval settings and, only when {@code engram.retrieval.chat.base-url} is set, an
 * OpenAI-protocol {@link ChatModel} for LLM rewriting and reranking; without it everything runs offline.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetrievalProperties.class)
class RetrievalConfiguration {

  @Bean
  @ConditionalOnProperty("engram.retrieval.chat.base-url")
  ChatModel retrievalChatModel(RetrievalProperties properties,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.observation.ObservationRegistry> observations) {
    RetrievalProperties.Chat chat = properties.chat();
    // observed: an LLM rewrite or rerank is a span (Spring AI's chat model observation) of the search's trace
    return OpenAiChatModel.builder()
        .observationRegistry(observations.getIfAvailable(() -> io.micrometer.observation.ObservationRegistry.NOOP))
        .options(OpenAiChatOptions.builder().baseUrl(chat.baseUrl())
            .apiKey(chat.apiKey() == null || chat.apiKey().isBlank() ? "none" : chat.apiKey())
            .model(chat.model()).temperature(0.0).build())
        .build();
  }
}
