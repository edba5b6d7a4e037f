package io.engram.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Counts rate-limit refusals per tenant ({@code engram.ratelimit.rejections}, tag {@code tenant}) with bounded
 * cardinality: the first {@code engram.gateway.metrics.max-tenant-tags} (100) tenants refused get a series of
 * their own, later ones share the series {@value #OTHER}, so that many tenants never flood Prometheus.
 */
@Component
class RateLimitMeters {

  static final String REJECTIONS = "engram.ratelimit.rejections";
  static final String OTHER = "_other";

  private final MeterRegistry registry;
  private final int maxTenants;
  private final Map<String, Counter> byTenant = new ConcurrentHashMap<>();
  private final Counter other;

  RateLimitMeters(MeterRegistry registry, @Value("${engram.gateway.metrics.max-tenant-tags:100}") int maxTenants) {
    if (maxTenants < 0) {
      throw new IllegalArgumentException("illegal max-tenant-tags value: " + maxTenants + ", must be >= 0");
    }
    this.registry = registry;
    this.maxTenants = maxTenants;
    this.other = counter(OTHER);
  }

  private Counter counter(String tenant) {
    return Counter.builder(REJECTIONS).description("Requests refused by the rate limit, by tenant")
        .tag("tenant", tenant).register(registry);
  }

  void rejected(String tenant) {
    Counter counter = byTenant.get(tenant);
    if (counter == null) {
      synchronized (byTenant) {
        counter = byTenant.get(tenant);
        if (counter == null) {
          if (byTenant.size() >= maxTenants) {
            other.increment();
            return;
          }
          counter = counter(tenant);
          byTenant.put(tenant, counter);
        }
      }
    }
    counter.increment();
  }
}
