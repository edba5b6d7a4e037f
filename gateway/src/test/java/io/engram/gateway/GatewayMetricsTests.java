package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** A refused request shows on /actuator/prometheus as a rate-limit rejection of its tenant. */
class GatewayMetricsTests extends GatewayTestBase {

  @Test
  void rateLimitRejectionsAreCountedPerTenant() {
    String tenant = newTenant("meter", Map.of("requestsPerSecond", 0.5, "burst", 1));
    String key = newKey(tenant, "read");
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      int status = client.get().uri("/v1/collections").header(HttpHeaders.AUTHORIZATION, bearer(key))
          .exchange().returnResult(String.class).getStatus().value();
      if (status == 429) {
        refused++;
      }
    }
    assertThat(refused).isPositive();

    String scrape = client.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    Matcher m = Pattern.compile("(?m)^engram_ratelimit_rejections_total\\{[^}]*tenant=\"" + Pattern.quote(tenant)
        + "\"[^}]*\\} ([0-9.]+)$").matcher(scrape);
    assertThat(m.find()).as(scrape.lines().filter(l -> l.startsWith("engram_")).toList().toString()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isEqualTo(refused);
  }
}
