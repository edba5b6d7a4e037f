package io.engram.memory.stream;

import io.engram.memory.event.EventValidator;
import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.support.identity.InternalIdentity;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka input: each record's value is {@code {"tenant": ..., "namespace": ..., "event": {...}}} (the topic
 * is internal, so the record names its tenant). Starts only with {@code engram.memory.kafka.enabled=true}.
 * At-least-once: the offset is committed after the record was written (the container's default record
 * acknowledgement), so a crash replays it, and replays are duplicates by event id, stored once. A malformed
 * record is logged and skipped (retrying cannot fix it); a database failure is thrown, so the container
 * retries.
 */
@Component
public class KafkaEventListener {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

  private final StreamIntake intake;
  private final JsonMapper json;

  public KafkaEventListener(StreamIntake intake, JsonMapper json) {
    this.intake = intake;
    this.json = json;
  }

  @KafkaListener(id = "memory-events", topics = "${engram.memory.stream.kafka-topic:engram.memory.events}",
      groupId = "${engram.memory.kafka.group-id:engram-memory}", autoStartup = "${engram.memory.kafka.enabled:false}")
  public void onRecord(String value) {
    JsonNode root;
    try {
      root = json.readTree(value);
    } catch (RuntimeException e) {
      log.warn("skipping a malformed Kafka record: {}", e.getMessage());
      return;
    }
    String tenant = root.path("tenant").asString(null);
    String namespace = root.path("namespace").asString(null);
    JsonNode event = root.get("event");
    if (tenant == null || !InternalIdentity.TENANT_ID.matcher(tenant).matches() || namespace == null
        || !EventValidator.NAMESPACE.matcher(namespace).matches() || event == null || !event.isObject()) {
      log.warn("skipping a Kafka record without a valid tenant, namespace and event");
      return;
    }
    StreamIntake.Outcome outcome = intake.ingest(tenant, namespace, List.of(json.writeValueAsString(event)));
    if (!outcome.rejected().isEmpty()) {
      log.warn("Kafka record rejected: {}", outcome.rejected().getFirst().message());
    }
  }
}
