package io.engram.llm.answer;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.engram.llm.deep.RetrievalSlowdown;
import io.engram.llm.deep.TermOverlapRetrieval;
import io.engram.llm.generate.Corpus;
import io.engram.llm.gather.SilentServer;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A streaming client that goes away stops the work: a deep search whose every retrieval call is slow is
 * asked over SSE by a raw socket, which reads the first round's event and closes. The service must notice
 * (heartbeat), stop searching and never finish the answer; the same request read to the end goes on
 * through further rounds to its final event. The OpenAI-compatible stream shares the writer and its heartbeat.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "engram.llm.stream-heartbeat=100ms")
@ActiveProfiles("test")
@Import({TestDatabaseConfiguration.class, StreamDisconnectTests.SlowRetrievalConfiguration.class})
@ExtendWith(OutputCaptureExtension.class)
class StreamDisconnectTests {

  private static final long SEARCH_MS = 600;
  private static final String QUESTION = "Which river flows through the city where Richard Strauss was born?";

  @TestConfiguration
  static class SlowRetrievalConfiguration {
    @Bean
    @Primary
    RetrievalSlowdown slowRetrieval() {
      return new RetrievalSlowdown(new TermOverlapRetrieval(Corpus.PASSAGES), SEARCH_MS);
    }
  }

  @DynamicPropertySource
  static void sources(DynamicPropertyRegistry registry) throws IOException {
    String closed = SilentServer.closedUrl();
    registry.add("engram.sources.retrieval-url", () -> closed);
    registry.add("engram.sources.memory-url", () -> closed);
    registry.add("engram.sources.retrieval-timeout", () -> "5s");
  }

  @LocalServerPort
  int port;

  @org.springframework.beans.factory.annotation.Autowired
  RetrievalSlowdown retrieval;

  private int calls() {
    return retrieval.started();
  }

  private Socket ask(String tenant) throws IOException {
    return post("/v1/answers", tenant, """
        {"question":"%s","collections":["kb"],"mode":"deep","stream":true,
         "budget":{"topK":2,"maxRounds":4,"maxWallMs":30000,"maxTokens":20000}}""".formatted(QUESTION));
  }

  private Socket chat(String tenant) throws IOException {
    return post("/v1/chat/completions", tenant, """
        {"model":"engram","collections":["kb"],"mode":"deep","stream":true,
         "messages":[{"role":"user","content":"%s"}]}""".formatted(QUESTION));
  }

  private Socket post(String path, String tenant, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + "Content-Type: application/json\r\nX-Engram-Identity: " + TestIdentities.token(tenant, "read") + "\r\n"
        + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  /** Reads the stream until a line equal to {@code line}; returns every event name seen. */
  private static List<String> readUntil(BufferedReader reader, String line) throws IOException {
    List<String> events = new java.util.ArrayList<>();
    for (String l = reader.readLine(); l != null; l = reader.readLine()) {
      if (l.startsWith("event:")) {
        events.add(l.substring(6).strip());
      }
      if (l.equals(line)) {
        return events;
      }
    }
    return events;
  }

  @Test
  void whenTheClientDisconnectsAfterTheFirstRoundThenSearchingStopsAndNoAnswerIsFinished(CapturedOutput output)
      throws Exception {
    // the same request read to the end: more than one round of slow searches, then the final event
    int before = calls();
    try (Socket full = ask(TestIdentities.uniqueTenant("stream-full"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(full.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> events = readUntil(reader, "event:final");
      assertThat(events).contains("retrieval", "final");
      assertThat(events.stream().filter("retrieval"::equals).count()).as("rounds of the full answer").isGreaterThan(1);
    }
    int fullCalls = calls() - before;

    before = calls();
    long closedAt;
    try (Socket gone = ask(TestIdentities.uniqueTenant("stream-gone"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(gone.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> events = readUntil(reader, "event:retrieval");
      assertThat(events).containsExactly("retrieval");
      closedAt = System.nanoTime();
    }
    // the service notices within a few heartbeats and says so; whatever search was in flight may finish
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!output.getOut().contains("answer stream stopped: client went away") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(output.getOut()).contains("answer stream stopped: client went away");
    long noticedMs = (System.nanoTime() - closedAt) / 1_000_000;
    int atStop = calls();
    Thread.sleep(3 * SEARCH_MS);
    int goneCalls = calls() - before;
    assertThat(calls()).as("no search after the stop").isEqualTo(atStop);
    assertThat(goneCalls).as("searches of the abandoned answer vs the full one").isLessThan(fullCalls);
    // one round of searches at most can be in flight when the client leaves
    assertThat(noticedMs).as("time to notice the client is gone").isLessThan(4 * SEARCH_MS + 1000);
  }

  @Test
  void whenAChatCompletionsClientDisconnectsThenSearchingStopsToo(CapturedOutput output) throws Exception {
    // read to the end by the official OpenAI client, heartbeat comments and all: the chunks, then the stop
    int before = calls();
    try (StreamResponse<ChatCompletionChunk> stream = OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("not-used-by-engram")
        .putHeader("X-Engram-Identity", TestIdentities.token(TestIdentities.uniqueTenant("chat-full"), "read"))
        .maxRetries(0).build()
        .chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("engram")
            .addUserMessage(QUESTION)
            .putAdditionalBodyProperty("collections", JsonValue.from(List.of("kb")))
            .putAdditionalBodyProperty("mode", JsonValue.from("deep")).build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      assertThat(chunks.getLast().choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
    }
    int fullCalls = calls() - before;
    assertThat(fullCalls).as("searches of the full chat answer").isGreaterThan(2);

    // the same question, its client gone after the first chunk (the assistant role), long before any token
    before = calls();
    try (Socket gone = chat(TestIdentities.uniqueTenant("chat-gone"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(gone.getInputStream(), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      while (line != null && !line.startsWith("data:")) {
        line = reader.readLine();
      }
      assertThat(line).contains("\"role\":\"assistant\"");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!output.getOut().contains("chat stream stopped: client went away") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(output.getOut()).contains("chat stream stopped: client went away");
    int atStop = calls();
    Thread.sleep(3 * SEARCH_MS);
    assertThat(calls()).as("no search after the stop").isEqualTo(atStop);
    assertThat(calls() - before).as("searches of the abandoned chat answer vs the full one").isLessThan(fullCalls);
  }
}
