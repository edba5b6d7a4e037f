package io.engram.text.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who may release a model's native memory, and when: a registry closed while queries and ingestion batches
 * still run (a service shutting down, an evaluation ending) lets every call in flight finish, and calls after
 * it fail with a message naming the model, never with DJL's "Native resource has been released already".
 */
class EmbeddingModelLifecycleTests {

  @Test
  void everyBundledModelEmbedsAgainAfterItsTokenizerCountedAndEmbeddedABatch() {
    EmbeddingModels models = new EmbeddingModels(1, 8);
    try {
      for (String name : EmbeddingModelCatalog.bundled()) {
        TextEmbedder embedder = models.get(name);
        // what ingestion does: count and cut with the untruncated tokenizer, embed the chunks in a batch
        ModelTokenizer tokenizer = embedder.tokenizer().orElseThrow();
        assertThat(tokenizer.count("北京是中国的首都。Beijing is the capital.")).isPositive();
        assertThat(embedder.embedDocuments(List.of("北京是中国的首都。", "Espresso is brewed under pressure."))).hasSize(2);
        // what the first search does right after
        System.gc();
        assertThat(models.get(name).embedQuery("中国的首都")).as(name).hasSize(embedder.dimensions());
      }
    } finally {
      models.close();
    }
  }

  @Test
  void closingWaitsForTheCallsInFlightAndLaterCallsNameTheModel() throws Exception {
    EmbeddingModels models = new EmbeddingModels(1, 8);
    TextEmbedder embedder = models.get("all-minilm-l6-v2-q");
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      batch.add("sentence number " + i + " about glaciers, espresso, insulin and the capital of China, 北京");
    }
    int callers = 4;
    CountDownLatch started = new CountDownLatch(callers);
    AtomicInteger completed = new AtomicInteger();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        running.add(pool.submit(() -> {
          started.countDown();
          // keep calling until the registry is closed under us
          for (int round = 0; round < 10_000; round++) {
            try {
              if (embedder.embedDocuments(batch).size() == batch.size()) {
                completed.incrementAndGet();
              }
              embedder.tokenizer().orElseThrow().count(batch.get(round % batch.size()));
            } catch (IllegalStateException e) {
              if (e.getMessage() != null && e.getMessage().contains("all-minilm-l6-v2-q is closed")) {
                return; // the orderly answer after close
              }
              failures.add(e);
              return;
            } catch (Throwable t) {
              failures.add(t);
              return;
            }
          }
        }));
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      models.close();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(failures).as("calls in flight when the registry closed").isEmpty();
    assertThat(completed.get()).isPositive();
    assertThat(((OnnxEmbeddingModel) embedder.model()).isClosed()).isTrue();
    assertThatThrownBy(() -> embedder.embedQuery("after close"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("embedding model all-minilm-l6-v2-q is closed");
    assertThatThrownBy(() -> embedder.tokenizer().orElseThrow().spans("after close"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("all-minilm-l6-v2-q is closed");
    assertThatThrownBy(() -> models.get("all-minilm-l6-v2-q"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
  }

  @Test
  void closingTwiceIsHarmless() {
    EmbeddingModels models = new EmbeddingModels(1, 8);
    OnnxEmbeddingModel model = (OnnxEmbeddingModel) models.get("all-minilm-l6-v2-q").model();
    model.close();
    model.close();
    models.close();
    assertThat(model.isClosed()).isTrue();
  }
}
