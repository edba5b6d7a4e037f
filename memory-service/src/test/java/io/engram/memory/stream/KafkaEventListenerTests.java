package io.engram.memory.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.item.StatsRepository;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestIdentities;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

@SmallBudgetKafkaContext
class KafkaEventListenerTests {

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  StatsRepository stats;

  @Test
  void whenRecordsAreReplayedOrMalformedThenEachEventIsStoredOnceAndTheRestFlows() throws Exception {
    String tenant = TestIdentities.uniqueTenant("kafka");
    String first = record(tenant, "k1", "Nora Quist's employer is Globex.");
    kafka.send("engram.memory.events", tenant, first).get();
    kafka.send("engram.memory.events", tenant, "{not json").get();
    kafka.send("engram.memory.events", tenant, first).get(); // an at-least-once replay
    kafka.send("engram.memory.events", tenant, record(tenant, "k2", "The harbor ferry now leaves every 40 minutes on weekdays.")).get();
    kafka.send("engram.memory.events", tenant, "{\"tenant\":\"" + tenant + "\",\"namespace\":\"kafka\",\"event\":{\"id\":\"k3\"}}").get();

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    long events = 0;
    while (Instant.now().isBefore(deadline)) {
      events = tenants.inTenant(tenant, () -> stats.stats(tenant, "kafka")).events();
      if (events >= 2) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(events).isEqualTo(2);
    // the replay and the invalid record come before a marker; once the marker is in, they were handled
    kafka.send("engram.memory.events", tenant, record(tenant, "k4", "The library extended its weekend opening hours.")).get();
    while (Instant.now().isBefore(deadline) && tenants.inTenant(tenant, () -> stats.stats(tenant, "kafka")).events() < 3) {
      Thread.sleep(200);
    }
    assertThat(tenants.inTenant(tenant, () -> stats.stats(tenant, "kafka")).events()).isEqualTo(3);
  }

  private static String record(String tenant, String id, String text) {
    return "{\"tenant\":\"" + tenant + "\",\"namespace\":\"kafka\",\"event\":{\"id\":\"" + id + "\",\"kind\":\"stream\",\"text\":\""
        + text + "\",\"eventTime\":\"2024-05-01T00:00:00Z\"}}";
  }
}
