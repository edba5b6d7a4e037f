package io.engram.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TracingEnvironmentTests {

  static StandardEnvironment environment(Map<String, Object> given) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("given", given));
    new TracingEnvironment().postProcessEnvironment(environment, null);
    return environment;
  }

  @Test
  void whenNoEndpointIsSetThenNothingIsSampledOrExported() {
    StandardEnvironment environment = environment(Map.of());
    assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isNull();
    assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("0.0");
    assertThat(environment.getProperty(TracingEnvironment.ENABLED, Boolean.class)).isFalse();
  }

  @Test
  void whenTheOlderEndpointPropertyIsSetThenItIsTheEndpointAndEveryTraceIsSampled() {
    StandardEnvironment environment = environment(Map.of(TracingEnvironment.LEGACY_ENDPOINT, "http://collector:4318/v1/traces"));
    assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
    assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("1.0");
    assertThat(environment.getProperty(TracingEnvironment.ENABLED, Boolean.class)).isTrue();
  }

  @Test
  void whenSettingsAreGivenThenTheyWin() {
    StandardEnvironment environment = environment(Map.of(TracingEnvironment.ENDPOINT, "http://a:4318/v1/traces",
        TracingEnvironment.LEGACY_ENDPOINT, "http://b:4318/v1/traces", TracingEnvironment.SAMPLING, "0.25"));
    assertThat(environment.getProperty(TracingEnvironment.ENDPOINT)).isEqualTo("http://a:4318/v1/traces");
    assertThat(environment.getProperty(TracingEnvironment.SAMPLING)).isEqualTo("0.25");
    assertThat(environment.getProperty(TracingEnvironment.ENABLED, Boolean.class)).isTrue();
  }
}
