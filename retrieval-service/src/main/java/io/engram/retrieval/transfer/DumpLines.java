package io.engram.retrieval.transfer;

import io.engram.support.web.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * The lines of a request body, read as they arrive: no line may be longer than {@code maxLineBytes} and the body no
 * longer than {@code maxBytes} (a 413 problem as soon as it passes), so a restore holds one line at a time, never
 * the body. Lines end with LF (a CR before it is dropped); numbers count from 1, blank lines included.
 */
final class DumpLines {

  private final InputStream in;
  private final long maxBytes;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private long read;
  private int number;
  private byte[] line = new byte[8 * 1024];

  DumpLines(InputStream in, long maxBytes, int maxLineBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.maxLineBytes = maxLineBytes;
  }

  /** The number of the line {@link #next()} returned last. */
  int number() {
    return number;
  }

  /** The next line without its line break, or null at the end of the body. */
  byte @Nullable [] next() {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (length == maxLineBytes) {
        throw ProblemException.badRequest("invalid-dump", "Line " + (number + 1) + " is longer than " + maxLineBytes
            + " bytes.").with("line", number + 1);
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
      }
      line[length++] = b;
    }
    number++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return Arrays.copyOf(line, length);
  }

  private boolean fill() {
    try {
      int n = in.read(buffer);
      if (n <= 0) {
        return false;
      }
      read += n;
      if (read > maxBytes) {
        throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content too large",
            "A restore body may hold at most " + maxBytes + " bytes (engram.retrieval.restore.max-body-size).")
            .with("maxBytes", maxBytes);
      }
      position = 0;
      limit = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the restore body failed", e);
    }
  }
}
