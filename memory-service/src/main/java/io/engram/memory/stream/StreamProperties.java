package io.engram.memory.stream;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stream settings ({@code engram.memory.stream.*}).
 *
 * @param interests      namespace -> words it cares about; a stream item of a namespace with a profile must share
 *                       at least one analyzed term with it (namespaces without a profile take everything)
 * @param maxLines       most NDJSON lines per request
 * @param kafkaTopic     topic the Kafka consumer reads (when {@code engram.memory.kafka.enabled=true})
 */
@ConfigurationProperties("engram.memory.stream")
public record StreamProperties(@DefaultValue Map<String, List<String>> interests,
    @DefaultValue("10000") int maxLines,
    @DefaultValue("engram.memory.events") String kafkaTopic) {
}
