package io.engram.eval.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.memory.MemoryApplication;
import io.engram.testsupport.TestDatabaseConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** memory-replay over a small hand-written log (dialogue and news lines, not the synthetic generator's). */
@SpringBootTest(classes = MemoryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class MemoryReplayTests {

  @Autowired
  ConfigurableApplicationContext context;

  @Test
  void whenARealisticLogIsReplayedThenQueriesGetSensibleItemsAndTheLastLineCountsThem(@TempDir Path dir) throws Exception {
    Path events = Path.of(getClass().getResource("/replay/events.jsonl").toURI());
    Path queries = Path.of(getClass().getResource("/replay/queries.jsonl").toURI());
    Path out = dir.resolve("out.jsonl");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      MemoryReplay.replay(context, events, queries, out, 3);
    } finally {
      System.setOut(original);
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.getLast()).matches("events=7 liveItems=\\d+ ingestedTokens=\\d+ storedTokens=\\d+");

    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> answers = Files.readAllLines(out).stream().map(json::readTree).toList();
    assertThat(answers).extracting(a -> a.get("id").asString()).containsExactly("q1", "q2", "q3", "q4");
    assertThat(answers.get(0).get("items").get(0).get("statement").asString()).contains("Bergen");
    assertThat(answers.get(0).get("items").get(0).get("provenance").get(0).asString()).isEqualTo("d2");
    assertThat(answers.get(1).get("items").get(0).get("statement").asString()).contains("1,350");
    assertThat(answers.get(1).toString()).doesNotContain("1,200");
    assertThat(answers.get(2).get("items").get(0).get("statement").asString()).contains("1,200");
    JsonNode tram = answers.get(3).get("items").get(0);
    assertThat(tram.get("statement").asString()).contains("tram line");
    assertThat(tram.get("provenance").toString()).contains("n1").contains("n4");
  }
}
