package io.engram.memory.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.engram.memory.item.StatsRepository;
import io.engram.memory.item.StatsRepository.NamespaceSize;
import io.engram.memory.item.StoreStats;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Live items and compression per namespace as gauges: the values are the namespace stats' own, and however many
 * namespaces the store holds, the largest few get a series each and all others one {@code other} series.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "engram.memory.metrics.refresh=1h")
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class NamespaceMetersTests {

  @Autowired
  TestRestTemplate rest;
  @Autowired
  NamespaceMeters meters;
  @Autowired
  MeterRegistry registry;
  @Autowired
  StatsRepository stats;
  @Autowired
  TenantTransactions tenants;

  private void write(String tenant, String namespace, String... texts) {
    StringBuilder events = new StringBuilder("{\"events\":[");
    for (int i = 0; i < texts.length; i++) {
      events.append(i == 0 ? "" : ",").append("{\"id\":\"").append(namespace).append('-').append(i)
          .append("\",\"kind\":\"note\",\"text\":\"").append(texts[i]).append("\"}");
    }
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Engram-Identity", TestIdentities.token(tenant, "read", "write"));
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> r = rest.exchange("/v1/memory/" + namespace + "/events", HttpMethod.POST,
        new HttpEntity<>(events.append("]}").toString(), headers), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(202);
  }

  @Test
  void theLargestNamespacesGetASeriesEachWithTheirStatsAndAllOthersOneOtherSeries() {
    String tenant = TestIdentities.uniqueTenant("meters");
    write(tenant, "big", "The harbour ferry leaves every forty minutes from pier three.",
        "Nightly backups of the billing database are kept for thirty days.",
        "Maria Lopez leads the platform team in the Lisbon office.");
    write(tenant, "small", "The staff canteen closes at half past two on Fridays.");
    StoreStats big = tenants.inTenant(tenant, () -> stats.stats(tenant, "big"));
    StoreStats small = tenants.inTenant(tenant, () -> stats.stats(tenant, "small"));
    assertThat(big.liveItems()).isGreaterThan(small.liveItems()).isGreaterThan(0);

    // every namespace listed: this tenant's two with the numbers of their stats
    List<NamespaceSize> all = tenants.asSystem(() -> stats.largest(Integer.MAX_VALUE));
    assertThat(all).noneMatch(s -> s.tenant() == null);
    NamespaceSize bigSize = all.stream().filter(s -> tenant.equals(s.tenant()) && "big".equals(s.namespace())).findFirst().orElseThrow();
    NamespaceSize smallSize = all.stream().filter(s -> tenant.equals(s.tenant()) && "small".equals(s.namespace())).findFirst().orElseThrow();
    assertThat(bigSize.liveItems()).isEqualTo(big.liveItems());
    assertThat(bigSize.storedTokens()).isEqualTo(big.storedTokens());
    assertThat(bigSize.compressionRatio()).isCloseTo(big.compressionRatio(), within(0.001));
    assertThat(smallSize.liveItems()).isEqualTo(small.liveItems());
    assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(b.liveItems(), a.liveItems()));

    // the application's gauges: the 20 largest (by default) and the rest
    meters.refresh();
    assertThat(registry.find(NamespaceMeters.LIVE_ITEMS).gauges()).hasSizeBetween(1, 21);
    assertThat(registry.find(NamespaceMeters.COMPRESSION).gauges()).hasSizeBetween(1, 21);

    // gauges with room for every namespace carry this tenant's two with the values of their stats
    SimpleMeterRegistry everything = new SimpleMeterRegistry();
    try (NamespaceMeters every = new NamespaceMeters(stats, tenants, everything, all.size(), Duration.ofHours(1))) {
      every.refresh();
      assertThat(everything.find(NamespaceMeters.LIVE_ITEMS).tags("tenant", tenant, "namespace", "big").gauge())
          .isNotNull().extracting(Gauge::value).isEqualTo((double) big.liveItems());
      assertThat(everything.find(NamespaceMeters.LIVE_ITEMS).tags("tenant", tenant, "namespace", "small").gauge().value())
          .isEqualTo((double) small.liveItems());
      assertThat(everything.find(NamespaceMeters.COMPRESSION).tags("tenant", tenant, "namespace", "big").gauge().value())
          .isCloseTo(big.compressionRatio(), within(0.001));
      assertThat(everything.find(NamespaceMeters.LIVE_ITEMS).tags("tenant", NamespaceMeters.OTHER).gauge()).isNull();
    }

    // bounded: with room for one namespace, the largest gets its series and everything else is summed up in 'other'
    SimpleMeterRegistry bounded = new SimpleMeterRegistry();
    try (NamespaceMeters one = new NamespaceMeters(stats, tenants, bounded, 1, Duration.ofHours(1))) {
      List<NamespaceSize> read = one.refresh();
      assertThat(read).hasSize(2);
      assertThat(read.get(0)).isEqualTo(all.get(0));
      assertThat(read.get(1).tenant()).isNull();
      List<NamespaceSize> rest = all.subList(1, all.size());
      assertThat(read.get(1).liveItems()).isEqualTo(rest.stream().mapToLong(NamespaceSize::liveItems).sum());
      assertThat(read.get(1).storedTokens()).isEqualTo(rest.stream().mapToLong(NamespaceSize::storedTokens).sum());
      // every namespace not listed, those without live items too
      assertThat(read.get(1).ingestedTokens()).isGreaterThanOrEqualTo(rest.stream().mapToLong(NamespaceSize::ingestedTokens).sum());
      assertThat(bounded.find(NamespaceMeters.LIVE_ITEMS).gauges()).hasSize(2);
      assertThat(bounded.find(NamespaceMeters.LIVE_ITEMS).tags("tenant", NamespaceMeters.OTHER, "namespace", NamespaceMeters.OTHER)
          .gauge().value()).isEqualTo((double) read.get(1).liveItems());
      assertThat(bounded.find(NamespaceMeters.COMPRESSION).gauges()).hasSize(2);
    }
  }
}
