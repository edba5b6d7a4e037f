package io.engram.testsupport;

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
 * under /tmp, made and driven by {@code scripts/pg-private}: a test may stop and start it, or give it a streaming
 * replica, which it must never do to the shared database other tests and engineers run on. Destroyed on
 * {@link #close()} (a replica first).
 */
public final class PrivatePostgres implements AutoCloseable {

  private final Path script;
  private final Path dir;
  private final String jdbcUrl;
  private final String database;
  private @org.jspecify.annotations.Nullable PrivatePostgres replica;

  private PrivatePostgres(Path script, Path dir, String jdbcUrl, String database) {
    this.script = script;
    this.dir = dir;
    this.jdbcUrl = jdbcUrl;
    this.database = database;
  }

  /** Creates and starts a cluster with the role engram/engram and {@code database} (with the vector extension). */
  public static PrivatePostgres start(String database) throws Exception {
    Path script = script();
    // a short path: the server's unix socket lives in its data directory
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "engram-pg-");
    String out = run(script, "start", dir.toString(), Integer.toString(freePort()), database);
    String url = out.lines().filter(l -> l.startsWith("jdbc:")).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("pg-private start printed no URL: " + out));
    return new PrivatePostgres(script, dir, url, database);
  }

  /** {@code scripts/pg-private}: under {@code engram.root} when set, else in the nearest folder up that has it. */
  private static Path script() {
    String root = System.getProperty("engram.root");
    if (root != null) {
      return Path.of(root).resolve("scripts").resolve("pg-private").toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve("scripts").resolve("pg-private");
      if (Files.isExecutable(script)) {
        return script;
      }
    }
    throw new IllegalStateException("scripts/pg-private not found above " + Path.of("").toAbsolutePath());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * A streaming replica of this cluster ({@code pg_basebackup -R}) on its own free port, started and in recovery;
   * its JDBC URL names the same database.
   */
  public PrivatePostgres replica() throws Exception {
    if (replica == null) {
      Path replicaDir = Path.of(dir + "-replica");
      int port = freePort();
      run(script, "replica", dir.toString(), replicaDir.toString(), Integer.toString(port));
      replica = new PrivatePostgres(script, replicaDir, "jdbc:postgresql://127.0.0.1:" + port + "/" + database, database);
    }
    return replica;
  }

  /** Runs {@code sql} as the superuser in this cluster's database (e.g. {@code select pg_wal_replay_pause()}). */
  public String sql(String sql) throws Exception {
    return run(script, "sql", dir.toString(), database, sql);
  }

  /** {@code pg_ctl stop -m fast}: open connections are ended, new ones refused, until {@link #resume()}. */
  public void stop() throws Exception {
    run(script, "stop", dir.toString(), "fast");
  }

  /** Starts the stopped cluster again and returns when it accepts connections. */
  public void resume() throws Exception {
    run(script, "resume", dir.toString());
  }

  @Override
  public void close() throws Exception {
    if (replica != null) {
      replica.close();
    }
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
