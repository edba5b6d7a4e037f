package io.engram.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster (the machine's PostgreSQL binaries, pgvector included) on a free port with its data
 * under /tmp, made and driven by {@code scripts/pg-private}: a test may stop and start it, which it must never do to
 * the shared database other tests and engineers run on. Destroyed on {@link #close()}.
 */
final class PrivatePostgres implements AutoCloseable {

  private final Path script;
  private final Path dir;
  private final String jdbcUrl;

  private PrivatePostgres(Path script, Path dir, String jdbcUrl) {
    this.script = script;
    this.dir = dir;
    this.jdbcUrl = jdbcUrl;
  }

  /** Creates and starts a cluster with the role engram/engram and {@code database} (with the vector extension). */
  static PrivatePostgres start(String database) throws Exception {
    Path script = Path.of(System.getProperty("engram.root", "..")).resolve("scripts").resolve("pg-private").toAbsolutePath();
    // a short path: the server's unix socket lives in its data directory
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "engram-pg-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String out = run(script, "start", dir.toString(), Integer.toString(port), database);
    String url = out.lines().filter(l -> l.startsWith("jdbc:")).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("pg-private start printed no URL: " + out));
    return new PrivatePostgres(script, dir, url);
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** {@code pg_ctl stop -m fast}: open connections are ended, new ones refused, until {@link #resume()}. */
  void stop() throws Exception {
    run(script, "stop", dir.toString(), "fast");
  }

  /** Starts the stopped cluster again and returns when it accepts connections. */
  void resume() throws Exception {
    run(script, "resume", dir.toString());
  }

  @Override
  public void close() throws Exception {
    run(script, "destroy", dir.toString());
  }

  private static String run(Path script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // the role and password the platform's services log in with (Platform passes the same)
    builder.environment().put("ENGRAM_DB_USER", System.getenv().getOrDefault("ENGRAM_TEST_DB_USER", "engram"));
    builder.environment().put("ENGRAM_DB_PASSWORD", System.getenv().getOrDefault("ENGRAM_TEST_DB_PASSWORD", "engram"));
    Process process = builder.start();
    byte[] output;
    try (var in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("pg-private " + String.join(" ", args) + " did not finish");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("pg-private " + String.join(" ", args) + " failed (" + process.exitValue() + "): " + text);
    }
    return text;
  }
}
