package io.engram.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class MetricsEnvironmentTests {

  static Map<String, String[]> slo(Map<String, Object> given) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("given", given));
    new MetricsEnvironment().postProcessEnvironment(environment, null);
    // bound the way Boot binds management.metrics.distribution.slo (meter name prefix -> boundaries)
    return Binder.get(environment).bind("management.metrics.distribution.slo",
        Bindable.mapOf(String.class, String[].class)).orElse(Map.of());
  }

  @Test
  void httpRequestsAndTheEngramTimersGetLatencyBuckets() {
    Map<String, String[]> slo = slo(Map.of());
    assertThat(slo).containsKeys("http.server.requests", "engram.search", "engram.answer.stage", "engram.memory.recall");
    assertThat(slo.get("http.server.requests")).hasSize(13).startsWith("5ms").endsWith("60s");
    // each a duration the way Boot reads a timer's boundary (a decimal "2.5s" would stop the service at start)
    assertThat(slo.values()).allSatisfy(boundaries -> assertThat(boundaries).allSatisfy(b ->
        assertThat(org.springframework.boot.convert.DurationStyle.detectAndParse(b)).isPositive()));
  }

  @Test
  void anOperatorsBucketsWin() {
    Map<String, String[]> slo = slo(Map.of("management.metrics.distribution.slo.http.server.requests", "100ms,1s"));
    assertThat(slo.get("http.server.requests")).containsExactly("100ms", "1s");
    assertThat(slo.get("engram.search")).hasSize(13);
  }
}
