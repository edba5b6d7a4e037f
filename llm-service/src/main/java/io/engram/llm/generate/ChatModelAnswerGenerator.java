package io.engram.llm.generate;

import io.engram.llm.fusion.Passage;
import io.engram.llm.source.HistoryMessage;
import io.engram.llm.text.Terms;
import io.engram.llm.text.TokenCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.Disposable;

/**
 * Generates with a Spring AI {@link ChatModel} (OpenAI-compatible, Ollama or Anthropic, whichever the
 * configuration chose). The context goes in numbered ({@code [1]} ... in rank order, laid out edges-first),
 * the model is told to answer only from it and cite by number, and the numbers it uses become citations
 * (span: the passage sentence that shares most terms with the answer). When the context does not support
 * an answer the model is not called at all. Streams through {@link ChatModel#stream} and stops the
 * provider call when the client goes away.
 */
public class ChatModelAnswerGenerator implements AnswerGenerator {

  static final String SYSTEM_PROMPT = """
      You answer questions using only the numbered context passages below. Cite every claim with the \
      number of its passage in square brackets, like [1] or [2][3]. If the passages do not contain the \
      answer, say that the available sources do not contain enough information, and do not guess. \
      Be concise.""";

  private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");

  private final ChatModel model;
  private final String provider;
  private final Grounding grounding;
  private final TokenCounter tokenCounter;

  private final java.time.Duration timeout;

  public ChatModelAnswerGenerator(ChatModel model, String provider, Grounding grounding, TokenCounter tokenCounter,
      java.time.Duration timeout) {
    this.timeout = timeout;
    this.model = model;
    this.provider = provider;
    this.grounding = grounding;
    this.tokenCounter = tokenCounter;
  }

  @Override
  public String name() {
    ChatOptions options = model.getDefaultOptions();
    String modelName = options == null ? null : options.getModel();
    return modelName == null ? provider : provider + ":" + modelName;
  }

  /** The chat model, for the deep-search reflection that shares it. */
  public ChatModel model() {
    return model;
  }

  @Override
  public GeneratedAnswer generate(GenerationRequest request, Consumer<String> tokens, BooleanSupplier cancelled) {
    List<Passage> passages = request.context().ranked();
    GeneratedAnswer refused = grounding.refusal(request, name(), tokens);
    if (refused != null) {
      return refused;
    }
    Prompt prompt = prompt(request);
    if (!request.stream()) {
      ChatResponse response = callWithin(prompt);
      String answer = piece(response).strip();
      tokens.accept(answer);
      Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
      return finish(answer, passages, prompt, usage);
    }
    StringBuilder text = new StringBuilder();
    AtomicReference<Usage> usage = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Disposable subscription;
    try {
      subscription = model.stream(prompt).subscribe(response -> {
        String piece = piece(response);
        if (!piece.isEmpty()) {
          text.append(piece);
          tokens.accept(piece);
        }
        if (response.getMetadata() != null && response.getMetadata().getUsage() != null
            && response.getMetadata().getUsage().getTotalTokens() != null
            && response.getMetadata().getUsage().getTotalTokens() > 0) {
          usage.set(response.getMetadata().getUsage());
        }
      }, error -> {
        failure.set(error);
        done.countDown();
      }, done::countDown);
    } catch (RuntimeException e) {
      throw ProviderFailures.translate(provider, e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!done.await(50, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          subscription.dispose();
          break;
        }
        if (System.nanoTime() > deadline) {
          subscription.dispose();
          throw ProviderFailures.translate(provider, new java.util.concurrent.TimeoutException("no end of stream"));
        }
      }
    } catch (InterruptedException e) {
      subscription.dispose();
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw ProviderFailures.translate(provider, failure.get());
    }
    return finish(text.toString().strip(), passages, prompt, usage.get());
  }

  private GeneratedAnswer finish(String answer, List<Passage> passages, Prompt prompt, Usage usage) {
    if (answer.isEmpty()) {
      throw ProviderFailures.translate(provider, new IllegalStateException("the model returned no text"));
    }
    boolean reported = usage != null && usage.getPromptTokens() != null && usage.getPromptTokens() > 0;
    int promptTokens = reported ? usage.getPromptTokens() : tokenCounter.count(prompt.getContents());
    int completionTokens = reported && usage.getCompletionTokens() != null ? usage.getCompletionTokens()
        : tokenCounter.count(answer);
    return new GeneratedAnswer(answer, citations(answer, passages), name(), true, promptTokens, completionTokens);
  }

  /** Answers {@code prompt} in one call (used by deep-search reflection); provider errors become problems. */
  public String call(String system, String user) {
    return piece(callWithin(new Prompt(List.of(new SystemMessage(system), new UserMessage(user)))));
  }

  /** One blocking call, abandoned after the generation timeout whatever the provider client's own settings. */
  private ChatResponse callWithin(Prompt prompt) {
    java.util.concurrent.CompletableFuture<ChatResponse> future = new java.util.concurrent.CompletableFuture<>();
    Thread worker = Thread.ofVirtual().start(() -> {
      try {
        future.complete(model.call(prompt));
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    });
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      worker.interrupt();
      throw ProviderFailures.translate(provider, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw ProviderFailures.translate(provider, e.getCause());
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw ProviderFailures.translate(provider, e);
    }
  }

  Prompt prompt(GenerationRequest request) {
    List<Passage> ranked = request.context().ranked();
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      numbers.put(ranked.get(i).id(), i + 1);
    }
    StringBuilder context = new StringBuilder("Context passages:\n");
    for (Passage p : request.context().forModel()) {
      context.append('[').append(numbers.get(p.id())).append("] ");
      if (p.title() != null && !p.title().isBlank()) {
        context.append(p.title()).append(": ");
      }
      context.append(p.text().replace('\n', ' ')).append('\n');
    }
    List<Message> messages = new ArrayList<>();
    messages.add(new SystemMessage(SYSTEM_PROMPT + "\n\n" + context));
    for (HistoryMessage h : request.history()) {
      switch (h.role()) {
        case "assistant" -> messages.add(new AssistantMessage(h.content()));
        case "system" -> messages.add(new SystemMessage(h.content()));
        default -> messages.add(new UserMessage(h.content()));
      }
    }
    messages.add(new UserMessage(request.question()));
    // Spring AI 2 models cast the prompt's options to their own type: derive them from the model's defaults
    ChatOptions defaults = model.getDefaultOptions();
    ChatOptions options = defaults == null ? ChatOptions.builder().maxTokens(request.maxAnswerTokens()).build()
        : defaults.mutate().maxTokens(request.maxAnswerTokens()).build();
    return new Prompt(messages, options);
  }

  private static String piece(ChatResponse response) {
    if (response == null || response.getResult() == null || response.getResult().getOutput() == null) {
      return "";
    }
    String text = response.getResult().getOutput().getText();
    return text == null ? "" : text;
  }

  /** Citations for the {@code [n]} markers the model used, each with the best-matching sentence as span. */
  static List<Citation> citations(String answer, List<Passage> ranked) {
    Map<Integer, Citation> byMarker = new LinkedHashMap<>();
    Matcher m = MARKER.matcher(answer);
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      if (n < 1 || n > ranked.size() || byMarker.containsKey(n)) {
        continue;
      }
      Passage p = ranked.get(n - 1);
      Set<String> claim = Terms.set(claimAround(answer, m.start()));
      int[] best = null;
      double bestOverlap = -1;
      for (int[] span : Terms.sentences(p.text())) {
        double overlap = Terms.containment(claim, Terms.set(p.text().substring(span[0], span[1])));
        if (overlap > bestOverlap) {
          bestOverlap = overlap;
          best = span;
        }
      }
      if (best == null) {
        best = new int[] {0, p.text().length()};
      }
      byMarker.put(n, new Citation(n, p.id(), p.kind().label(), p.sourceId(), p.documentId(), p.title(), best[0], best[1],
          p.text().substring(best[0], best[1])));
    }
    return List.copyOf(byMarker.values());
  }

  /** The sentence of the answer that ends at (or contains) a citation marker. */
  private static String claimAround(String answer, int markerAt) {
    int start = Math.max(answer.lastIndexOf(". ", markerAt), answer.lastIndexOf('\n', markerAt));
    return answer.substring(Math.max(0, start), markerAt);
  }
}
