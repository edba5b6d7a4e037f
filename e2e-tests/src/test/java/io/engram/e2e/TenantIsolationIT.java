package io.engram.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.client.ApiClient;
import io.engram.client.api.CollectionsApi;
import io.engram.client.api.DocumentsApi;
import io.engram.client.api.MemoryApi;
import io.engram.client.api.StatusApi;
import io.engram.client.model.CollectionView;
import io.engram.client.model.CreateCollection;
import io.engram.client.model.DocumentBatch;
import io.engram.client.model.DocumentPayload;
import io.engram.client.model.EventsRequest;
import io.engram.client.model.IngestionAccepted;
import io.engram.client.model.MemoryEvent;
import io.engram.client.model.ServiceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant isolation across the real platform: three tenants, each with its own key, plant a secret marker
 * in whatever they can store (a collection and its documents, memory events); then 1,000+ random probes,
 * each made with one tenant's key against another tenant's names (collections, documents, jobs, search,
 * memory recall, answers, status), must never show the other tenant's marker or tenant id, nor a 5xx.
 * Endpoints a service does not offer yet answer 404 and still count as probes that leaked nothing.
 */
class TenantIsolationIT {

  static final int PROBES = 1_200;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Tenant(String id, String key, String marker, String collection, String namespace, List<String> jobs) {
  }

  static Platform platform;
  static final List<Tenant> tenants = new ArrayList<>();
  static final Map<String, Integer> planted = new TreeMap<>();

  @BeforeAll
  static void plantSecrets() throws Exception {
    platform = Platform.shared();
    Random random = new Random(42);
    for (int i = 0; i < 3; i++) {
      Platform.TenantKey tk = platform.newTenant("iso" + i, "read", "write");
      // the marker lives only in stored text, never in a name or query a probe sends (a 404 problem that
      // echoes the probe's own path is no leak)
      String marker = "zq" + Long.toString(Math.abs(random.nextLong()), 36);
      String name = Long.toString(Math.abs(random.nextLong()), 36);
      Tenant tenant = new Tenant(tk.tenant(), tk.key(), marker, "kb-" + name, "ns-" + name, new ArrayList<>());
      tenants.add(tenant);
      // planting goes through the generated client, like a product team's code
      ApiClient client = platform.client(tenant.key());
      count("collection", () -> new CollectionsApi(client).createCollection(new CreateCollection().name(tenant.collection())));
      DocumentsApi documents = new DocumentsApi(client);
      count("documents", () -> {
        IngestionAccepted accepted = documents.ingestDocuments(tenant.collection(), new DocumentBatch().documents(List.of(
            new DocumentPayload().id("doc-1").title("Secret " + marker).text("The secret code of this team is " + marker + ". Keep it."),
            new DocumentPayload().id("doc-2").text("Penguins live in the southern hemisphere; note " + marker + "."))), null);
        tenant.jobs().add(accepted.getJobId().toString());
        awaitJob(documents, accepted.getJobId().toString());
        return accepted;
      });
      count("events", () -> new MemoryApi(client).writeMemoryEvents(tenant.namespace(), new EventsRequest().events(List.of(
          new MemoryEvent().id("ev-1").kind("note").text("The secret code of this team is " + marker + ".")))));
    }
  }

  @Test
  void randomCrossTenantProbesNeverSeeAnotherTenantsData() throws Exception {
    Random random = new Random(20261128);
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> leaks = new ArrayList<>();
    List<String> serverErrors = new ArrayList<>();
    for (int i = 0; i < PROBES; i++) {
      Tenant caller = tenants.get(random.nextInt(tenants.size()));
      Tenant owner = tenants.get(random.nextInt(tenants.size()));
      while (owner == caller) {
        owner = tenants.get(random.nextInt(tenants.size()));
      }
      Probe probe = probe(random.nextInt(10), caller, owner);
      HttpResponse<String> response = call(caller, probe.method(), probe.path(), probe.body());
      statuses.merge(probe.kind() + " " + response.statusCode(), 1, Integer::sum);
      String body = response.body();
      if (body.contains(owner.marker()) || body.contains("\"" + owner.id() + "\"")) {
        leaks.add(probe + " by " + caller.id() + " -> " + response.statusCode() + " " + abbreviate(body));
      }
      if (response.statusCode() >= 500) {
        serverErrors.add(probe + " -> " + response.statusCode() + " " + abbreviate(body));
      }
    }
    System.out.println("isolation probes: " + PROBES + ", planted: " + planted + ", statuses: " + statuses);
    assertThat(leaks).as("cross-tenant leaks; statuses " + statuses).isEmpty();
    assertThat(serverErrors).as("5xx answers").isEmpty();
    // the owner itself does see its marker wherever it could store it: the probes could have found a leak
    for (Tenant tenant : tenants) {
      if (planted.getOrDefault("collection 2xx", 0) > 0) {
        assertThat(new CollectionsApi(platform.client(tenant.key())).listCollections(null, null))
            .extracting(CollectionView::getName).contains(tenant.collection());
      }
    }
  }

  @Test
  void statusEndpointsActForTheKeysTenantOnly() throws Exception {
    for (Tenant tenant : tenants) {
      StatusApi status = new StatusApi(platform.client(tenant.key()));
      assertThat(List.of(status.getRetrievalStatus(), status.getMemoryStatus(), status.getLlmStatus()))
          .extracting(ServiceStatus::getTenantId).containsOnly(tenant.id());
    }
  }

  record Probe(String kind, String method, String path, Object body) {
  }

  private static Probe probe(int kind, Tenant caller, Tenant owner) {
    return switch (kind) {
      case 0 -> new Probe("list-collections", "GET", "/v1/collections", null);
      case 1 -> new Probe("get-collection", "GET", "/v1/collections/" + owner.collection(), null);
      case 2 -> new Probe("search-other", "POST", "/v1/collections/" + owner.collection() + "/search",
          Map.of("query", "What is the secret code of this team?", "topK", 10));
      case 3 -> new Probe("search-own", "POST", "/v1/collections/" + caller.collection() + "/search",
          Map.of("query", "secret code penguins southern hemisphere", "topK", 10));
      case 4 -> new Probe("job", "GET", "/v1/jobs/" + (owner.jobs().isEmpty() ? "job-" + owner.collection() : owner.jobs().get(0)), null);
      case 5 -> new Probe("recall-other", "POST", "/v1/memory/" + owner.namespace() + "/recall",
          Map.of("query", "What is the secret code?", "topK", 10));
      case 6 -> new Probe("recall-own", "POST", "/v1/memory/" + caller.namespace() + "/recall",
          Map.of("query", "What is the secret code of this team?", "topK", 10));
      case 7 -> new Probe("answer", "POST", "/v1/answers",
          Map.of("question", "What is the secret code of the team?", "collection", owner.collection(),
              "namespace", owner.namespace()));
      case 8 -> new Probe("delete-other", "DELETE", "/v1/collections/" + owner.collection(), null);
      default -> new Probe("status", "GET", "/v1/" + List.of("retrieval", "memory", "llm").get(Math.abs(owner.marker().hashCode()) % 3)
          + "/status", null);
    };
  }

  /**
   * Raw HTTP on purpose: a probe is a random mix of endpoints, some of them named with another tenant's
   * resources or with fields the API does not know, and its raw body is what is scanned for a leak.
   */
  private static HttpResponse<String> call(Tenant tenant, String method, String path, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.url("gateway") + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + tenant.key());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitJob(DocumentsApi documents, String job) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      String state = documents.getIngestionJob(job).getState();
      if (!state.equals("queued") && !state.equals("running")) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private static void count(String what, java.util.concurrent.Callable<?> call) throws Exception {
    int status;
    try {
      call.call();
      status = 2;
    } catch (RestClientResponseException e) {
      status = e.getStatusCode().value() / 100;
    }
    planted.merge(what + " " + status + "xx", 1, Integer::sum);
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300).toLowerCase(Locale.ROOT) + "..." : body;
  }
}
