package io.engram.text.embedding;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Embedding settings of a service.
 *
 * @param threads   onnxruntime threads per model call (0: all cores)
 * @param batchSize texts per model call
 * @param preload   models to load at start-up instead of on first use
 * @param modelDir  the one folder user models ({@code onnx:<folder>}) may come from; unset: none allowed
 */
@ConfigurationProperties("engram.embedding")
public record EmbeddingProperties(@DefaultValue("0") int threads, @DefaultValue("32") int batchSize,
    @DefaultValue List<String> preload, @Nullable Path modelDir) {
}
