package io.engram.memory.stream;

import io.engram.testsupport.TestDatabaseConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

/**
 * One test context (cached across the classes that use it): an embedded KRaft Kafka broker with the
 * consumer enabled, and a small token budget so that archiving happens with a handful of events; finished spans are
 * kept ({@link CollectedSpans}) and handed over within a fifth of a second.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "engram.memory.kafka.enabled=true",
    "engram.memory.token-budget=60",
    "engram.memory.consolidate-every=0",
    "management.opentelemetry.tracing.export.schedule-delay=200ms"})
@EmbeddedKafka(partitions = 1, topics = "engram.memory.events")
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import({TestDatabaseConfiguration.class, CollectedSpans.class})
@interface SmallBudgetKafkaContext {
}
