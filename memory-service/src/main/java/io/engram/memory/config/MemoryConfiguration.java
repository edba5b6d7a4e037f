package io.engram.memory.config;

import io.engram.memory.consolidate.Abstractor;
import io.engram.memory.consolidate.ListingAbstractor;
import io.engram.memory.event.EventValidator;
import io.engram.memory.stream.StreamProperties;
import java.time.Clock;
import io.engram.memory.extract.PatternStatementExtractor;
import io.engram.memory.extract.StatementExtractor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the stages. Offline (the default) extraction and abstraction are the deterministic pattern and
 * listing implementations; {@link LlmConfiguration} replaces both when a chat model is configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MemoryProperties.class, StreamProperties.class})
public class MemoryConfiguration {

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
  @ConditionalOnMissingBean(StatementExtractor.class)
  StatementExtractor patternStatementExtractor() {
    return new PatternStatementExtractor();
  }

  @Bean
  @ConditionalOnMissingBean(Abstractor.class)
  Abstractor listingAbstractor() {
    return new ListingAbstractor();
  }
}
