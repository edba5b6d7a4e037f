package io.engram.retrieval.metrics;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the search observations; the ingestion meters live with ingestion ({@code IngestionMeters}). */
@Configuration(proxyBeanMethods = false)
class RetrievalMetricsConfiguration {

  // static: a bean post-processor is made before the other beans, and takes the registry only when it observes
  @Bean
  static SearchObservations searchObservations(ObjectProvider<ObservationRegistry> registry) {
    return new SearchObservations(registry);
  }
}
