package io.engram.e2e;

import io.engram.client.ApiClient;
import io.engram.client.api.AdminApi;
import io.engram.client.model.CreateKey;
import io.engram.client.model.CreateTenant;
import io.engram.client.model.CreatedKey;
import io.engram.client.model.RateLimitOverride;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The whole platform as separate processes on free local ports: the three services from their runnable
 * jars, then the gateway pointed at them. Each process logs to {@code target/e2e-logs/<name>.log}.
 */
final class Platform implements AutoCloseable {

  static final String SECRET = "engram-e2e-identity-secret-0123456789";
  /** The gateway's bootstrap admin key in these tests: creates the tenants and keys the tests call with. */
  static final String ADMIN_KEY = "engram-e2e-admin-key-0123456789abcdef";

  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Path root = Path.of(System.getProperty("engram.root", ".."));
  private final String version = System.getProperty("engram.version", "0.1.0-SNAPSHOT");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Map<String, String>> launched = new LinkedHashMap<>();
  /** The database every service of this platform runs on (null: the services' default). */
  private final String dbUrl;
  /** Receives the spans of every service: the platform runs with tracing on, as an operator would. */
  private final OtlpCollector collector;

  private Platform(String dbUrl) throws IOException {
    this.dbUrl = dbUrl;
    this.collector = new OtlpCollector();
  }

  private static Platform shared;

  /**
   * One platform for all end-to-end test classes in this JVM (starting four JVMs per class would double
   * the suite's time); stopped when the JVM exits.
   */
  static synchronized Platform shared() throws Exception {
    if (shared == null) {
      shared = start();
      Platform started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  /** A platform on the test database ({@code ENGRAM_TEST_DB_URL}). */
  static Platform start() throws Exception {
    return start(System.getenv("ENGRAM_TEST_DB_URL"));
  }

  /** A platform of its own whose four services run on the database at {@code dbUrl} (role and password as the test database's). */
  static Platform start(String dbUrl) throws Exception {
    Platform platform = new Platform(dbUrl);
    try {
      // small ingestion batches and a short lease: a job killed midway (CrashIT) has written some batches and
      // not others, and is taken over seconds after the restart
      platform.launch("retrieval-service", Map.of(
          "ENGRAM_RETRIEVAL_INGEST_BATCHSIZE", "16",
          "ENGRAM_RETRIEVAL_INGEST_LEASESECONDS", "6"));
      // the per-namespace gauges read every 2 s (a minute by default), so that a short run shows them (MetricsIT)
      platform.launch("memory-service", Map.of("ENGRAM_MEMORY_METRICS_REFRESH", "2s"));
      // write-backs retried at most 3 s apart, the relay looking every second (CrashIT waits for them)
      platform.launch("llm-service", Map.of(
          "ENGRAM_RETRIEVAL_URL", platform.url("retrieval-service"),
          "ENGRAM_MEMORY_URL", platform.url("memory-service"),
          "ENGRAM_LLM_WRITEBACK_MAXBACKOFF", "3s",
          "ENGRAM_LLM_WRITEBACK_POLLINTERVAL", "1s"));
      platform.launch("gateway", Map.of(
          "ENGRAM_RETRIEVAL_URL", platform.url("retrieval-service"),
          "ENGRAM_MEMORY_URL", platform.url("memory-service"),
          "ENGRAM_LLM_URL", platform.url("llm-service"),
          "ENGRAM_ADMIN_KEY", ADMIN_KEY,
          "ENGRAM_REDIS_URL", System.getenv().getOrDefault("ENGRAM_TEST_REDIS_URL", "redis://127.0.0.1:6379")));
      for (String name : platform.processes.keySet()) {
        // a busy shared machine can take longer than the default to start four JVMs: -Dengram.e2e.ready-timeout=PT7M
        platform.awaitReady(name, Duration.parse(System.getProperty("engram.e2e.ready-timeout", "PT3M")));
      }
      return platform;
    } catch (Exception | Error e) {
      platform.close();
      throw e;
    }
  }

  /** The in-test OTLP collector every service of this platform exports its spans to. */
  OtlpCollector collector() {
    return collector;
  }

  /** Kills a service as a crash would ({@code kill -9}: no shutdown hook, no graceful stop) and waits for it to end. */
  void kill(String name) throws InterruptedException {
    Process process = processes.get(name);
    process.destroyForcibly();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not end after SIGKILL");
    }
  }

  /** Starts a killed service again, on the same port with the same settings, and waits until it is ready. */
  void restart(String name) throws Exception {
    if (processes.get(name).isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch(name, launched.get(name), ports.get(name));
    awaitReady(name, Duration.parse(System.getProperty("engram.e2e.ready-timeout", "PT3M")));
  }

  String url(String name) {
    return "http://127.0.0.1:" + ports.get(name);
  }

  /** A generated-client {@link ApiClient} that calls the gateway with {@code key}. */
  ApiClient client(String key) {
    ApiClient client = new ApiClient();
    client.setBasePath(url("gateway"));
    client.setBearerToken(key);
    return client;
  }

  /**
   * Creates a tenant (unique id from {@code prefix}) through the gateway's admin API and a key of it with
   * the given scopes; returns the tenant id and the key.
   */
  TenantKey newTenant(String prefix, String... scopes) {
    return newTenant(prefix, new RateLimitOverride().requestsPerSecond(1000.0).burst(2000), scopes);
  }

  /** As {@link #newTenant(String, String...)}, with the tenant's own rate limit. */
  TenantKey newTenant(String prefix, RateLimitOverride rateLimit, String... scopes) {
    String tenant = prefix + "-" + Long.toString(System.nanoTime(), 36);
    AdminApi admin = new AdminApi(client(ADMIN_KEY));
    admin.createTenant(new CreateTenant().id(tenant).rateLimit(rateLimit));
    CreatedKey key = admin.createApiKey(tenant, new CreateKey().name("e2e").scopes(new LinkedHashSet<>(List.of(scopes))));
    return new TenantKey(tenant, key.getKey());
  }

  /**
   * Polls an ingestion job until it is finished (succeeded or failed) or {@code timeout} passes, and returns its
   * last view; a moment in which the gateway answers with an error (a service restarting) is waited out.
   */
  static io.engram.client.model.JobView awaitJob(io.engram.client.api.DocumentsApi documents, String jobId, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    io.engram.client.model.JobView last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = documents.getIngestionJob(jobId);
        if (last.getState().equals("succeeded") || last.getState().equals("failed")) {
          return last;
        }
      } catch (org.springframework.web.client.RestClientException away) {
        // the service is restarting
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** A tenant and one of its API keys. */
  record TenantKey(String tenant, String key) {
  }

  /**
   * The first few "unexpected error" entries in the services' logs under {@code target/e2e-logs}: each one's log line,
   * exception and "Caused by" lines, so that a test that sees a 500 can say what the service saw.
   */
  static String unexpectedErrors() {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(Path.of("target", "e2e-logs"))) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
        int found = 0;
        for (int i = 0; i < lines.size() && found < 3; i++) {
          if (!lines.get(i).contains("unexpected error")) {
            continue;
          }
          found++;
          out.append('\n').append(log.getFileName()).append(": ").append(lines.get(i));
          boolean first = true;
          for (int j = i + 1; j < lines.size() && j < i + 400; j++) {
            String line = lines.get(j);
            if (line.isBlank()) {
              continue; // Logback puts the exception on the line after an empty one
            }
            if (first || line.startsWith("Caused by:")) {
              first = false;
              out.append("\n  ").append(line);
            } else if (!line.startsWith("\t") && !line.startsWith(" ")) {
              break;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      out.append("\n(logs not readable: ").append(e).append(')');
    }
    return out.isEmpty() ? "(no unexpected errors logged)" : out.toString();
  }

  private void launch(String name, Map<String, String> extraEnv) throws IOException {
    launch(name, extraEnv, freePort());
  }

  private void launch(String name, Map<String, String> extraEnv, int port) throws IOException {
    // a restarted service appends to the log of its first life
    boolean again = launched.put(name, extraEnv) != null;
    Path jar = root.resolve(name).resolve("target").resolve(name + "-" + version + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar + ": run through 'mvn verify' so the jars are packaged first");
    }
    ports.put(name, port);
    Path logs = Path.of("target", "e2e-logs");
    Files.createDirectories(logs);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--server.port=" + port));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile())
            : ProcessBuilder.Redirect.to(logs.resolve(name + ".log").toFile()));
    Map<String, String> env = builder.environment();
    // the services start as in production, outside the 'local' profile: every secret is given
    env.remove("SPRING_PROFILES_ACTIVE");
    env.put("ENGRAM_IDENTITY_SECRET", SECRET);
    env.put("ENGRAM_DB_PASSWORD", System.getenv().getOrDefault("ENGRAM_TEST_DB_PASSWORD", "engram"));
    if (dbUrl != null) {
      env.put("ENGRAM_DB_URL", dbUrl);
      env.put("ENGRAM_DB_USER", System.getenv().getOrDefault("ENGRAM_TEST_DB_USER", "engram"));
    }
    // every span to the in-test collector, sent within a fifth of a second
    env.put("MANAGEMENT_OTLP_TRACING_ENDPOINT", collector.endpoint());
    env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "200ms");
    env.putAll(extraEnv);
    processes.put(name, builder.start());
  }

  private void awaitReady(String name, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    URI health = URI.create(url(name) + "/actuator/health/readiness");
    while (Instant.now().isBefore(deadline)) {
      Process process = processes.get(name);
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/e2e-logs/" + name + ".log");
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("UP")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see target/e2e-logs/" + name + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    processes.values().forEach(Process::destroy);
    for (Process process : processes.values()) {
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    collector.close();
  }
}
