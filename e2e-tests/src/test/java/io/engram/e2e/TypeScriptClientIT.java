package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated TypeScript client against the running platform: clients/typescript's build (npm ci, tsc)
 * compiled {@code dist/example.js}, the example of docs/clients.md; run with node, with a real key, it
 * creates a collection, ingests two documents, waits for the job and searches.
 */
class TypeScriptClientIT {

  @Test
  void exampleCreatesIngestsAndSearchesThroughTheGateway() throws Exception {
    Platform platform = Platform.shared();
    Platform.TenantKey tenant = platform.newTenant("ts", "read", "write");
    Path client = Path.of(System.getProperty("engram.root", "..")).resolve("clients/typescript");
    Path example = client.resolve("dist/example.js");
    assertThat(example).as("built by clients/typescript (npm ci, tsc) before this module").isRegularFile();

    Path output = Files.createTempFile("engram-ts-example", ".out");
    ProcessBuilder node = new ProcessBuilder(List.of("node", example.toString()))
        .directory(client.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    node.environment().put("ENGRAM_GATEWAY_URL", platform.url("gateway"));
    node.environment().put("ENGRAM_API_KEY", tenant.key());
    node.environment().put("ENGRAM_COLLECTION", "ts-handbook");
    Process process = node.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("node example finished").isTrue();
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(printed).isZero();

    JsonNode result = JsonMapper.builder().build().readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
    assertThat(result.path("collection").asString()).isEqualTo("ts-handbook");
    assertThat(result.path("hits").get(0).path("documentId").asString()).as(printed).isEqualTo("deploys");
  }
}
