package io.engram.memory.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.item.StatsRepository;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestIdentities;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A stream event sent to Kafka with a W3C {@code traceparent} header (as a producer inside a trace sends it) is
 * consumed in that trace: the listener's receive span is a child of the producer's span, and the memory write it
 * leads to hangs below it, in the same trace (Spring Kafka's listener observation, {@code
 * spring.kafka.listener.observation-enabled}).
 */
@SmallBudgetKafkaContext
class KafkaTracingTests {

  @Autowired
  ProducerFactory<String, String> producers;

  @Autowired
  CollectedSpans.Exporter exported;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  StatsRepository stats;

  @Test
  void aRecordWithATraceparentIsConsumedInTheProducersTrace() throws Exception {
    String tenant = TestIdentities.uniqueTenant("kafka-trace");
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    String producerSpan = "b7ad6b7169203331";
    String value = "{\"tenant\":\"" + tenant + "\",\"namespace\":\"traced\",\"event\":{\"id\":\"t1\",\"kind\":\"stream\","
        + "\"text\":\"The night ferry to the island was cancelled for the winter.\",\"eventTime\":\"2024-05-01T00:00:00Z\"}}";
    ProducerRecord<String, String> record = new ProducerRecord<>("engram.memory.events", tenant, value);
    record.headers().add("traceparent", ("00-" + traceId + "-" + producerSpan + "-01").getBytes(StandardCharsets.US_ASCII));
    // a template without an observation of its own: the header above is the only trace context the record carries
    new KafkaTemplate<>(producers).send(record).get();

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline) && tenants.inTenant(tenant, () -> stats.stats(tenant, "traced")).events() < 1) {
      Thread.sleep(200);
    }
    assertThat(tenants.inTenant(tenant, () -> stats.stats(tenant, "traced")).events()).isEqualTo(1);

    List<SpanData> trace = List.of();
    while (Instant.now().isBefore(deadline)) {
      trace = exported.spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
      if (trace.stream().anyMatch(s -> s.getName().equals("memory write"))
          && trace.stream().anyMatch(s -> s.getParentSpanId().equals(producerSpan))) {
        break;
      }
      Thread.sleep(200);
    }
    String seen = trace.stream().map(s -> s.getName() + " (" + s.getKind() + ", parent " + s.getParentSpanId() + ")")
        .collect(Collectors.joining("\n"));
    List<SpanData> spans = trace;
    SpanData receive = spans.stream().filter(s -> s.getParentSpanId().equals(producerSpan)).findFirst()
        .orElseThrow(() -> new AssertionError("no span below the producer's span in\n" + seen));
    assertThat(receive.getKind()).as(seen).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
    SpanData write = spans.stream().filter(s -> s.getName().equals("memory write")).findFirst()
        .orElseThrow(() -> new AssertionError("no memory write span in the producer's trace:\n" + seen));
    // the write hangs (maybe through intermediate spans) below the receive span
    String parent = write.getParentSpanId();
    for (int hops = 0; hops < 10 && !parent.equals(receive.getSpanId()); hops++) {
      String current = parent;
      parent = spans.stream().filter(s -> s.getSpanId().equals(current)).map(SpanData::getParentSpanId).findFirst()
          .orElseThrow(() -> new AssertionError("the memory write's parent " + current + " is not in the trace:\n" + seen));
    }
    assertThat(parent).as("the memory write descends from the receive span\n" + seen).isEqualTo(receive.getSpanId());
  }
}
