package io.engram.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests the servlet container refuses on its own (encoded slash, NUL, bad percent-encoding, illegal
 * characters) get RFC 9457 problems from {@link ProblemReportValve}, sent over a raw socket so that no client
 * normalizes them first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ContainerRejectionTests.App.class,
    properties = {"engram.service.name=probe", "engram.identity.secret=probe-identity-secret-0123456789",
        "engram.identity.open-paths=/v1/**", "server.error.whitelabel.enabled=false"})
class ContainerRejectionTests {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration(excludeName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
  @Import(Echo.class)
  static class App {
  }

  @RestController
  static class Echo {
    @GetMapping("/v1/collections/{name}/documents")
    String documents(@PathVariable String name) {
      return name;
    }
  }

  @LocalServerPort
  int port;

  String raw(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What Tomcat itself rejects, before any filter or controller: each must be a problem document, not HTML. */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET /v1/collections/..%2F..%2Fetc/documents HTTP/1.1",
      "GET /v1/collections/a%00b/documents HTTP/1.1",
      "GET /v1/collections/%zz/documents HTTP/1.1",
      "GET /v1/collections/a%5Cb/documents HTTP/1.1",
      "GET /v1/collections/a{b/documents HTTP/1.1",
      "GET /../../etc/passwd HTTP/1.1",
      "BAD\u0001 / HTTP/1.1"})
  void whenTomcatRejectsTheRequestThenTheAnswerIsAProblemDocument(String requestLine) throws IOException {
    String answer = raw(requestLine);

    assertThat(answer).startsWith("HTTP/1.1 400");
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(head).contains("content-type: application/problem+json").contains("x-request-id: ");
    assertThat(body).startsWith("{\"type\":\"https://engram.dev/problems/bad-request\",\"title\":\"Bad Request\",\"status\":400,")
        .contains("\"detail\":\"The request was rejected before reaching the service")
        .containsPattern("\"requestId\":\"[0-9a-f-]{36}\"}$")
        .doesNotContain("<html").doesNotContain("etc/passwd");
  }

  @Test
  void whenSpringHandlesTheRequestThenTheValveLeavesItAlone() throws IOException {
    assertThat(raw("GET /v1/collections/ok/documents HTTP/1.1")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
    String notFound = raw("GET /v1/nowhere HTTP/1.1");
    assertThat(notFound).startsWith("HTTP/1.1 404").contains("\"type\":\"https://engram.dev/problems/not-found\"")
        .contains("\"instance\":\"/v1/nowhere\"");
  }

  @Test
  void jsonEscapesQuotesBackslashesAndControlCharacters() {
    assertThat(ProblemReportValve.json(java.util.Map.of("detail", "a\"b\\c\u0001"))).isEqualTo("{\"detail\":\"a\\\"b\\\\c\\u0001\"}");
  }
}
