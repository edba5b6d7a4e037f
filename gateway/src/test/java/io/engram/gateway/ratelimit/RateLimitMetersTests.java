package io.engram.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RateLimitMetersTests {

  @Test
  void whenMoreTenantsAreRefusedThanTheCapThenTheRestShareOneSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RateLimitMeters meters = new RateLimitMeters(registry, 2);
    meters.rejected("a");
    meters.rejected("a");
    meters.rejected("b");
    meters.rejected("c");
    meters.rejected("d");
    meters.rejected("b");

    assertThat(registry.get(RateLimitMeters.REJECTIONS).tag("tenant", "a").counter().count()).isEqualTo(2);
    assertThat(registry.get(RateLimitMeters.REJECTIONS).tag("tenant", "b").counter().count()).isEqualTo(2);
    assertThat(registry.get(RateLimitMeters.REJECTIONS).tag("tenant", RateLimitMeters.OTHER).counter().count()).isEqualTo(2);
    assertThat(registry.find(RateLimitMeters.REJECTIONS).counters()).hasSize(3);
  }
}
