package io.engram.retrieval.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.support.web.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The restore body's line reader: lines as sent, numbered, and both limits enforced while reading (no Content-Length needed). */
class DumpLinesTests {

  @Test
  void whenLinesEndWithLfOrCrLfThenTheyAreReturnedWithoutTheirBreaksAndNumbered() {
    DumpLines lines = new DumpLines(body("{\"a\":1}\r\n\n{\"b\":\"é\"}"), 1000, 100);
    assertThat(new String(lines.next(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(lines.next()).isEmpty();
    assertThat(new String(lines.next(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":\"é\"}");
    assertThat(lines.number()).isEqualTo(3);
    assertThat(lines.next()).isNull();
  }

  @Test
  void whenTheBodyPassesItsLimitWhileStreamingThenThrow413() {
    // a body sent in chunks has no Content-Length: the limit is counted as it arrives
    DumpLines lines = new DumpLines(body("x\n".repeat(100_000)), 64 * 1024, 100);
    assertThatThrownBy(() -> {
      while (lines.next() != null) {
        // read on
      }
    }).isInstanceOfSatisfying(ProblemException.class, e -> {
      assertThat(e.getStatusCode().value()).isEqualTo(413);
      assertThat(e.getBody().getProperties()).containsEntry("maxBytes", 64L * 1024);
    });
  }

  @Test
  void whenALineIsLongerThanItsLimitThenThrow400NamingIt() {
    DumpLines lines = new DumpLines(body("short\n" + "y".repeat(101) + "\n"), 10_000, 100);
    lines.next();
    assertThatThrownBy(lines::next).isInstanceOfSatisfying(ProblemException.class, e -> {
      assertThat(e.getStatusCode().value()).isEqualTo(400);
      assertThat(e.getBody().getProperties()).containsEntry("line", 2);
    });
  }

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
