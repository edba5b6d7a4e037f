package io.engram.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, for requests no well-behaved client would send:
 * invalid percent-encoding, raw bytes in paths, bodies that are not what their headers say.
 */
final class RawHttp {

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {
  }

  static Response send(int port, String method, byte[] target, Map<String, String> headers, byte[] body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
      head.write(target);
      head.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> h : headers.entrySet()) {
        head.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      boolean expectContinue = body != null && body.length > 0;
      if (body != null) {
        head.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      if (expectContinue) {
        // like curl: a server that refuses on the request line or headers answers before the body is sent,
        // so a refusal is never lost to a connection reset over an unread body
        head.write("Expect: 100-continue\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head.toByteArray());
      out.flush();
      byte[] early = new byte[0];
      if (expectContinue) {
        early = readInterim(socket, in);
        boolean proceed = early.length == 0 || new String(early, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 100");
        if (!proceed) {
          return parse(concatAll(early, in.readAllBytes()));
        }
        early = new byte[0];
        try {
          out.write(body);
          out.flush();
        } catch (IOException refusedMidway) {
          // the gateway may answer (413) and close before a large body is written: read that answer
        }
      }
      return parse(concatAll(early, in.readAllBytes()));
    }
  }

  /**
   * Reads the server's first answer to the headers: {@code 100 Continue} (consumed), a final response's
   * first bytes, or nothing within a second (then the body is sent anyway, as RFC 9110 allows).
   */
  private static byte[] readInterim(Socket socket, InputStream in) throws IOException {
    socket.setSoTimeout(1000);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        seen.write(b);
        String text = seen.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r\n\r\n")) {
          break;
        }
      }
    } catch (java.net.SocketTimeoutException silent) {
      // no interim answer: send the body
    } finally {
      socket.setSoTimeout(20_000);
    }
    return seen.toByteArray();
  }

  private static byte[] concatAll(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    // a 100 Continue that came after we stopped waiting for it precedes the final answer
    while (text.startsWith("HTTP/1.1 1")) {
      int interimEnd = text.indexOf("\r\n\r\n");
      if (interimEnd < 0) {
        break;
      }
      raw = java.util.Arrays.copyOfRange(raw, interimEnd + 4, raw.length);
      text = text.substring(interimEnd + 4);
    }
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete HTTP response: " + text.substring(0, Math.min(200, text.length())));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] bodyBytes = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      bodyBytes = dechunk(bodyBytes);
    }
    return new Response(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = indexOf(body, i);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }
}
