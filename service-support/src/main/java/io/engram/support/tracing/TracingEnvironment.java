package io.engram.support.tracing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns trace export on only when an OTLP endpoint is configured, and off otherwise.
 *
 * <p>The endpoint is Boot 4's {@value #ENDPOINT}, or the older name {@value #LEGACY_ENDPOINT} (env
 * {@code MANAGEMENT_OTLP_TRACING_ENDPOINT}), which is copied to it. With an endpoint every trace is sampled
 * and exported (unless {@code management.tracing.sampling.probability} says otherwise) and {@value #ENABLED}
 * is true (the gateway then forwards {@code traceparent}); without one, trace ids still exist and propagate
 * but nothing is sampled or exported. The sampling and {@value #ENABLED} values are defaults of the lowest
 * precedence: any explicit setting wins.
 */
public class TracingEnvironment implements EnvironmentPostProcessor {

  public static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
  public static final String LEGACY_ENDPOINT = "management.otlp.tracing.endpoint";
  public static final String ENABLED = "engram.tracing.enabled";
  static final String SAMPLING = "management.tracing.sampling.probability";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    boolean exporting = StringUtils.hasText(environment.getProperty(ENDPOINT));
    String legacy = environment.getProperty(LEGACY_ENDPOINT);
    if (!exporting && StringUtils.hasText(legacy)) {
      environment.getPropertySources().addFirst(new MapPropertySource("engramTracingEndpoint", Map.of(ENDPOINT, legacy)));
      exporting = true;
    }
    Map<String, Object> defaults = new HashMap<>();
    defaults.put(SAMPLING, exporting ? "1.0" : "0.0");
    defaults.put(ENABLED, Boolean.toString(exporting));
    environment.getPropertySources().addLast(new MapPropertySource("engramTracingDefaults", defaults));
  }
}
