package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jars as an operator starts them: outside the 'local' profile each service refuses to start
 * without its secrets (a clear report, a non-zero exit); in the 'local' profile it starts on the development
 * defaults, as scripts/up runs it.
 */
class SecretsAtStartIT {

  private final Path root = Path.of(System.getProperty("engram.root", ".."));
  private final String version = System.getProperty("engram.version", "0.1.0-SNAPSHOT");

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "retrieval-service", "memory-service", "llm-service"})
  void withoutIdentitySecretEveryServiceRefusesToStart(String service) throws Exception {
    Started run = start(service, "no-identity", Map.of("ENGRAM_DB_PASSWORD", dbPassword()));

    assertThat(run.exitCode(Duration.ofMinutes(2))).as(service + " exit code").isNotZero();
    assertThat(run.log()).contains("APPLICATION FAILED TO START")
        .contains("Refusing to start: engram.identity.secret (ENGRAM_IDENTITY_SECRET) is not set")
        .contains("Set ENGRAM_IDENTITY_SECRET");
  }

  @Test
  void withoutDatabasePasswordAServiceRefusesToStart() throws Exception {
    Started run = start("retrieval-service", "no-db-password", Map.of("ENGRAM_IDENTITY_SECRET", Platform.SECRET));

    assertThat(run.exitCode(Duration.ofMinutes(2))).isNotZero();
    assertThat(run.log()).contains("Refusing to start: spring.datasource.password (ENGRAM_DB_PASSWORD) is not set");
  }

  @Test
  void thePublicDevelopmentSecretIsRefusedOutsideTheLocalProfile() throws Exception {
    Started run = start("gateway", "development-secret", Map.of("ENGRAM_IDENTITY_SECRET", "engram-local-development-secret",
        "ENGRAM_DB_PASSWORD", dbPassword()));

    assertThat(run.exitCode(Duration.ofMinutes(2))).isNotZero();
    assertThat(run.log()).contains("is the public development secret, allowed only in the 'local' profile");
  }

  @Test
  void inTheLocalProfileAServiceStartsOnTheDevelopmentDefaults() throws Exception {
    Started run = start("gateway", "local", Map.of("SPRING_PROFILES_ACTIVE", "local", "ENGRAM_REDIS_URL", ""));
    try {
      assertThat(run.awaitReady(Duration.ofMinutes(3))).as("ready; log:%n%s", run.log()).isTrue();
      assertThat(run.log()).contains("is the public development secret ('local' profile)");
    } finally {
      run.process.destroy();
      run.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String dbPassword() {
    return System.getenv().getOrDefault("ENGRAM_TEST_DB_PASSWORD", "engram");
  }

  private Started start(String service, String label, Map<String, String> given) throws IOException {
    Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
    assertThat(jar).as("run through 'mvn verify' so the jars are packaged first").isRegularFile();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path logs = Path.of("target", "e2e-logs");
    Files.createDirectories(logs);
    Path log = logs.resolve("secrets-" + service + "-" + label + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--server.port=" + port));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // only what each case gives: nothing inherited from the build's environment
    env.keySet().removeIf(k -> k.startsWith("ENGRAM_") || k.startsWith("SPRING_"));
    String dbUrl = System.getenv("ENGRAM_TEST_DB_URL");
    if (dbUrl != null) {
      env.put("ENGRAM_DB_URL", dbUrl);
      env.put("ENGRAM_DB_USER", System.getenv().getOrDefault("ENGRAM_TEST_DB_USER", "engram"));
    }
    env.putAll(given);
    return new Started(builder.start(), log, port);
  }

  private record Started(Process process, Path logFile, int port) {

    int exitCode(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after " + timeout + " (it should have refused to start); see " + logFile);
      }
      return process.exitValue();
    }

    String log() throws IOException {
      return Files.readString(logFile);
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && process.isAlive()) {
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("UP")) {
            return true;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      return false;
    }
  }
}
