package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.client.model.RateLimitOverride;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in a real browser against the running platform: console/test/console.browser.mjs drives
 * Debian's chromium (scripts/provision-browser installs it) with playwright-core from npm through every
 * section: a wrong key, a key, a collection, an upload with a failing document, a streamed answer with
 * citations, the retrieval plot, memory events and a superseded fact on the timeline, a deep answer over
 * collections and memory with its rounds, admin keys (a revoked
 * key's message), a 429, the keyboard, and screenshots at 1280x800 and 390x844 under
 * {@code target/console-screenshots}. No console error is allowed.
 */
class ConsoleIT {

  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

  @Test
  void consoleWalksThroughIngestAskExplainMemoryAndAdminInChromium() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("ENGRAM_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium)).as("%s missing: run scripts/provision-browser (scripts/test does)", chromium).isTrue();
    Platform platform = Platform.shared();
    Platform.TenantKey tenant = platform.newTenant("console", "read", "write");
    // a tenant with a burst of 3 and one token a minute: its fourth call in a row is a 429
    Platform.TenantKey limited = platform.newTenant("limited", new RateLimitOverride().requestsPerSecond(1.0 / 60).burst(3), "read");

    Path console = Path.of(System.getProperty("engram.root", "..")).resolve("console");
    Path script = console.resolve("test/console.browser.mjs");
    assertThat(console.resolve("node_modules/playwright-core")).as("installed by console's build (npm ci)").isDirectory();
    Files.createDirectories(SCREENSHOTS);
    Path output = Files.createTempFile("engram-console", ".out");
    ProcessBuilder node = new ProcessBuilder(List.of("node", script.toString()))
        .directory(console.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    node.environment().putAll(Map.of(
        "ENGRAM_GATEWAY_URL", platform.url("gateway"),
        "ENGRAM_API_KEY", tenant.key(),
        "ENGRAM_TENANT", tenant.tenant(),
        "ENGRAM_ADMIN_KEY", Platform.ADMIN_KEY,
        "ENGRAM_LIMITED_KEY", limited.key(),
        "ENGRAM_CHROMIUM", chromium.toString(),
        "ENGRAM_SCREENSHOTS", SCREENSHOTS.toString()));
    Process process = node.start();
    boolean finished = process.waitFor(240, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(finished).as("browser test finished in time:%n%s", printed).isTrue();
    assertThat(process.exitValue()).as(printed).isZero();

    JsonNode result = JsonMapper.builder().build().readTree(printed.strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(result.path("ok").asBoolean()).isTrue();
    assertThat(result.path("steps").size()).as(printed).isEqualTo(15);
    for (String name : List.of("desktop-00-start", "desktop-01-wrong-key", "desktop-02-collections", "desktop-03-ask",
        "desktop-04-found", "desktop-05-memory-timeline", "desktop-06-memory-item", "desktop-07-admin", "desktop-08-rate-limited", "desktop-09-deep-rounds")) {
      assertThat(pngSize(SCREENSHOTS.resolve(name + ".png"))).as(name).containsExactly(1280, 800);
    }
    // the keys the browser used went only into Authorization headers: the gateway's access log never saw one
    String gatewayLog = Files.readString(Path.of("target", "e2e-logs", "gateway.log"), StandardCharsets.UTF_8);
    assertThat(gatewayLog).contains("/v1/answers").doesNotContain(tenant.key(), limited.key(), secretOf(tenant.key()));
    for (String name : List.of("phone-01-collections", "phone-02-ask", "phone-03-found", "phone-04-memory")) {
      assertThat(pngSize(SCREENSHOTS.resolve(name + ".png"))).as(name).containsExactly(390, 844);
    }
  }

  /** The secret part of an {@code egk_<id>_<secret>} key. */
  private static String secretOf(String key) {
    return key.substring(key.indexOf('_', 4) + 1);
  }

  /** Width and height from a PNG's IHDR chunk. */
  private static int[] pngSize(Path png) throws IOException {
    try (InputStream in = Files.newInputStream(png)) {
      ByteBuffer header = ByteBuffer.wrap(in.readNBytes(24));
      assertThat(header.getLong(0)).as("%s is a PNG", png).isEqualTo(0x89504E470D0A1A0AL);
      return new int[] {header.getInt(16), header.getInt(20)};
    }
  }
}
