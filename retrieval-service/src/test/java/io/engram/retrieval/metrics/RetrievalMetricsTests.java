package io.engram.retrieval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** After an ingestion and a search, the domain meters are on /actuator/prometheus with what happened. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class RetrievalMetricsTests {

  @Autowired
  TestRestTemplate http;

  /** The value of the first sample of {@code metric} whose labels contain every one of {@code labels}. */
  static double sample(String scrape, String metric, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$").matcher(scrape);
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no sample " + metric + " " + List.of(labels) + " in:\n" + scrape.lines()
        .filter(l -> l.startsWith("engram_")).toList());
  }

  String scrape() {
    ResponseEntity<String> r = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    return r.getBody();
  }

  @Test
  void searchAndIngestionMetersAppearWithWhatHappened() {
    RetrievalApi api = new RetrievalApi(http, TestIdentities.uniqueTenant("meters"));
    api.createCollection("m");
    String before = scrape();
    double writtenBefore = before.contains("engram_ingest_documents_total")
        ? sample(before, "engram_ingest_documents_total", "outcome=\"written\"") : 0;

    api.ingest("m", List.of(RetrievalApi.doc("a", "Alpha", "Alpha particles are helium nuclei.", null),
        RetrievalApi.doc("b", "Beta", "Beta decay emits an electron.", null)));
    ResponseEntity<String> search = api.search("m", Map.of("query", "helium nuclei", "paths", List.of("bm25", "dense")));
    assertThat(search.getStatusCode().value()).isEqualTo(200);

    String after = scrape();
    assertThat(sample(after, "engram_ingest_documents_total", "outcome=\"written\"") - writtenBefore).isEqualTo(2);
    assertThat(sample(after, "engram_ingest_chunks_total")).isGreaterThanOrEqualTo(2);
    assertThat(sample(after, "engram_ingest_stage_seconds_count", "stage=\"embed\"")).isGreaterThanOrEqualTo(1);
    assertThat(sample(after, "engram_ingest_queue_depth", "state=\"queued\"")).isGreaterThanOrEqualTo(0);
    assertThat(sample(after, "engram_ingest_queue_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(sample(after, "engram_search_seconds_count", "error=\"none\"")).isGreaterThanOrEqualTo(1);
    assertThat(sample(after, "engram_search_recall_seconds_count", "path=\"bm25\"")).isGreaterThanOrEqualTo(1);
    assertThat(sample(after, "engram_search_recall_seconds_count", "path=\"dense\"")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aFailedSearchIsCountedWithItsError() {
    RetrievalApi api = new RetrievalApi(http, TestIdentities.uniqueTenant("meters-err"));
    assertThat(api.search("missing", Map.of("query", "x")).getStatusCode().value()).isEqualTo(404);
    assertThat(sample(scrape(), "engram_search_seconds_count", "error=\"ProblemException\"")).isGreaterThanOrEqualTo(1);
  }
}
