package io.engram.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The console: its page and bundle come from the gateway jar without a key; the API behind it still needs one. */
class ConsoleTests extends GatewayTestBase {

  static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @Test
  void pageAtRootIsServedWithoutAKeyAndLoadsOnlyItsOwnFiles() {
    int before = upstreamCalls.get();
    String page = client.get().uri("/").exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectHeader().valueEquals("Content-Security-Policy", CONSOLE_POLICY)
        .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
        .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(page).contains("<script type=\"module\" src=\"/console/app.js\"></script>")
        .contains("href=\"/console/app.css\"")
        .doesNotContain("http://", "https://");
    assertThat(upstreamCalls.get()).as("the page never reaches a service").isEqualTo(before);
    client.head().uri("/").exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
  }

  @Test
  void bundleAndStylesheetAreStaticResourcesOfTheJar() {
    String script = client.get().uri("/console/app.js").exchange()
        .expectStatus().isOk()
        .expectHeader().value(HttpHeaders.CONTENT_TYPE, v -> assertThat(v).contains("javascript"))
        .expectHeader().exists("Content-Security-Policy")
        .expectBody(String.class).returnResult().getResponseBody();
    // the generated client's API paths are inside the bundle: it calls the platform through it
    assertThat(script).contains("/v1/collections").contains("/v1/answers").contains("/admin/tenants");
    client.get().uri("/console/app.css").exchange()
        .expectStatus().isOk()
        .expectHeader().value(HttpHeaders.CONTENT_TYPE, v -> assertThat(v).contains("text/css"));
  }

  @Test
  void openingTheConsoleDoesNotOpenTheApiOrOtherPaths() {
    client.get().uri("/v1/collections").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    client.get().uri("/admin/tenants").exchange().expectStatus().isUnauthorized();
    client.get().uri("/console-not-here").exchange().expectStatus().isUnauthorized();
    client.get().uri("/console/missing.js").exchange().expectStatus().isNotFound();
  }
}
