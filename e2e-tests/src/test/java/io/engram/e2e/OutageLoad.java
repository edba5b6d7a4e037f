package io.engram.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients that each search and ask in turn through the gateway, as fast as they get answers, recording every
 * request's status, problem headers and duration (CrashIT's database outage). Requests time out after 60 s, so that
 * a hang shows as a long request (status -1 when no answer came at all).
 */
final class OutageLoad {

  /** One request: its kind ("search" or "answer"), when it started and ended, and what came back. */
  record Outcome(String kind, long startNanos, long endNanos, int status, String contentType, String retryAfter,
      boolean degraded, String body) {

    boolean ok() {
      return status == 200;
    }

    @Override
    public String toString() {
      return kind + " " + status + " " + contentType + " Retry-After=" + retryAfter + " in "
          + (endNanos - startNanos) / 1_000_000 + " ms: " + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String gateway;
  private final String key;
  private final int clients;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  OutageLoad(String gateway, String key, int clients) {
    this.gateway = gateway;
    this.key = key;
    this.clients = clients;
  }

  void start() {
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofVirtual().name("outage-load-" + c).start(() -> {
        for (int i = 0; running.get(); i++) {
          if ((i + client) % 2 == 0) {
            call("search", "/v1/collections/facts/search",
                "{\"query\":\"harbor ferry schedule " + i + "\",\"topK\":5}");
          } else {
            call("answer", "/v1/answers", "{\"question\":\"When does the harbor ferry leave? (" + client + "-" + i
                + ")\",\"collections\":[\"facts\"],\"memoryNamespace\":\"outage-notes\"}");
          }
        }
      }));
    }
  }

  /** Stops the clients (each finishes its request in flight) and returns every outcome. */
  List<Outcome> stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(90));
    }
    return List.copyOf(outcomes);
  }

  private void call(String kind, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long end = System.nanoTime();
      boolean degraded = false;
      if (response.statusCode() == 200 && kind.equals("answer")) {
        JsonNode answer = JSON.readTree(response.body());
        degraded = answer.path("degraded").asBoolean(false);
      }
      outcomes.add(new Outcome(kind, start, end, response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), response.headers().firstValue("Retry-After").orElse(""),
          degraded, response.statusCode() == 200 ? "" : response.body()));
    } catch (Exception e) {
      outcomes.add(new Outcome(kind, start, System.nanoTime(), -1, "", "", false, e.toString()));
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
