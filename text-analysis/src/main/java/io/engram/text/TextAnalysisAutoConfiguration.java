package io.engram.text;

import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.EmbeddingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Gives a service one shared {@link EmbeddingModels}, preloading what {@code engram.embedding.preload} names. */
@AutoConfiguration
@EnableConfigurationProperties(EmbeddingProperties.class)
public class TextAnalysisAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  EmbeddingModels embeddingModels(EmbeddingProperties properties) {
    EmbeddingModels models = new EmbeddingModels(properties.threads(), properties.batchSize(), properties.modelDir());
    properties.preload().forEach(models::get);
    return models;
  }
}
