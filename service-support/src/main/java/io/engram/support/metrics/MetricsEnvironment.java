package io.engram.support.metrics;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Latency histograms every service publishes, so that dashboards and alerts can compute percentiles across
 * replicas ({@code histogram_quantile} over {@code _bucket} series): HTTP server requests and the domain
 * timers get a fixed, short set of service-level-objective buckets ({@value #BUCKETS}) rather than
 * Micrometer's full percentile histogram, which would be some 70 series per tag combination. Defaults of the
 * lowest precedence: any {@code management.metrics.distribution.slo.*} setting of the operator wins.
 */
public class MetricsEnvironment implements EnvironmentPostProcessor {

  static final String BUCKETS = "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,30s,60s";
  /** Timer name prefixes with buckets: HTTP requests (servlet and WebFlux) and the engram.* timers. */
  static final String[] TIMERS = {"http.server.requests", "spring.cloud.gateway.requests", "engram.search",
      "engram.ingest.stage", "engram.ingest.step", "engram.ingest.job", "engram.memory.recall", "engram.memory.write",
      "engram.memory.decide", "engram.answer.stage", "engram.answer.packing", "engram.answer.generation", "engram.deep.round"};

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new HashMap<>();
    for (String timer : TIMERS) {
      defaults.put("management.metrics.distribution.slo." + timer, BUCKETS);
    }
    environment.getPropertySources().addLast(new MapPropertySource("engramMetricsDefaults", defaults));
  }
}
