package io.engram.text.embedding;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Embedding settings of a service.
 *
 * @param threads   onnxruntime threads per model call (0: all cores)
 * @param batchSize texts per model call
 * @param preload   models to load at start-up instead of on first use
 */
@ConfigurationProperties("engram.embedding")
public record EmbeddingProperties(@DefaultValue("0") int threads, @DefaultValue("32") int batchSize,
    @DefaultValue List<String> preload) {
}
