package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How values become the services' environment: service URLs that resolve to the chart's Services,
 * secret references that resolve to Secrets and keys, and config checksums that roll exactly the pods
 * whose configuration changed.
 */
class ConfigurationTests {

  private static final String FULLNAME = HelmChart.RELEASE;

  @Test
  void serviceUrlsPointAtTheChartsServicesAndPorts() {
    Rendered rendered = HelmChart.render(null);
    Map<String, String> gateway = config(rendered, "gateway");
    Map<String, String> llm = config(rendered, "llm");
    assertThat(gateway).containsKeys("ENGRAM_RETRIEVAL_URL", "ENGRAM_MEMORY_URL", "ENGRAM_LLM_URL");
    assertThat(llm).containsKeys("ENGRAM_RETRIEVAL_URL", "ENGRAM_MEMORY_URL");
    for (String url : new String[] {gateway.get("ENGRAM_RETRIEVAL_URL"), gateway.get("ENGRAM_MEMORY_URL"),
        gateway.get("ENGRAM_LLM_URL"), llm.get("ENGRAM_RETRIEVAL_URL"), llm.get("ENGRAM_MEMORY_URL")}) {
      URI uri = URI.create(url);
      Service service = rendered.get(Service.class, uri.getHost());
      assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
        assertThat(p.getName()).isEqualTo("http");
        assertThat(p.getPort()).isEqualTo(uri.getPort());
      });
    }
  }

  @Test
  void everyServiceListensOnItsOwnPortAndSharesTheDatabaseSettings() {
    Rendered rendered = HelmChart.render(null);
    Map<String, Integer> ports = Map.of("gateway", 8080, "retrieval", 8081, "memory", 8082, "llm", 8083);
    ports.forEach((component, port) -> {
      Map<String, String> config = config(rendered, component);
      assertThat(config).containsEntry("PORT", port.toString())
          .containsEntry("ENGRAM_DB_URL", "jdbc:postgresql://postgresql:5432/engram")
          .containsEntry("ENGRAM_DB_USER", "engram")
          .containsEntry("MANAGEMENT_SERVER_PORT", "9090");
      assertThat(Rendered.container(rendered.deployment(component)).getPorts())
          .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
    });
  }

  @Test
  void modelServicesGetMoreMemoryThanTheGateway() {
    Rendered rendered = HelmChart.render(null);
    long gateway = memoryLimit(rendered, "gateway");
    assertThat(memoryLimit(rendered, "retrieval")).isGreaterThan(gateway);
    assertThat(memoryLimit(rendered, "memory")).isGreaterThan(gateway);
  }

  @Test
  void everySecretReferenceOfTheDefaultsResolvesToARenderedKeyOrTheInstallTimeSecret() {
    Rendered rendered = HelmChart.render(null);
    Secret own = rendered.get(Secret.class, FULLNAME);
    for (Deployment deployment : rendered.deployments()) {
      for (EnvVar env : Rendered.container(deployment).getEnv()) {
        var ref = env.getValueFrom().getSecretKeyRef();
        if (ref.getName().equals(FULLNAME)) {
          assertThat(own.getData()).as(env.getName()).containsKey(ref.getKey());
        } else {
          // generated once by the pre-install hook secret-auth.yaml (hooks are not part of `template` output)
          assertThat(ref.getName()).isEqualTo(FULLNAME + "-auth");
          assertThat(ref.getKey()).isIn("identity-secret", "admin-key");
        }
      }
    }
    assertThat(envNames(rendered, "gateway")).contains("ENGRAM_IDENTITY_SECRET", "ENGRAM_ADMIN_KEY", "ENGRAM_DB_PASSWORD");
    assertThat(envNames(rendered, "retrieval")).contains("ENGRAM_IDENTITY_SECRET").doesNotContain("ENGRAM_ADMIN_KEY");
  }

  @Test
  void existingSecretsAreReferencedByTheirOwnKeysAndNothingSecretIsRendered() {
    Rendered rendered = HelmChart.render(ci("existing-secrets-values.yaml"));
    assertThat(rendered.all(Secret.class)).isEmpty();
    assertThat(secretRef(rendered, "gateway", "ENGRAM_IDENTITY_SECRET")).isEqualTo("engram-platform/identity");
    assertThat(secretRef(rendered, "gateway", "ENGRAM_ADMIN_KEY")).isEqualTo("engram-platform/admin");
    assertThat(secretRef(rendered, "memory", "ENGRAM_DB_URL")).isEqualTo("engram-db-app/jdbc-uri");
    assertThat(secretRef(rendered, "memory", "ENGRAM_DB_USER")).isEqualTo("engram-db-app/username");
    assertThat(secretRef(rendered, "memory", "ENGRAM_DB_PASSWORD")).isEqualTo("engram-db-app/password");
    assertThat(secretRef(rendered, "gateway", "SPRING_DATA_REDIS_PASSWORD")).isEqualTo("redis/redis-password");
    assertThat(secretRef(rendered, "llm", "SPRING_AI_OPENAI_API_KEY")).isEqualTo("openai/api-key");
    // values taken from a Secret are not also set, stale, in the ConfigMap
    assertThat(config(rendered, "memory")).doesNotContainKeys("ENGRAM_DB_URL", "ENGRAM_DB_USER");
  }

  @Test
  void givenSecretValuesLandInTheChartSecretAndOnlyWhereTheyAreUsed() {
    Rendered rendered = HelmChart.render(ci("production-values.yaml"));
    Secret own = rendered.get(Secret.class, FULLNAME);
    assertThat(own.getData()).containsKeys("redis-password", "model-api-key").doesNotContainKey("db-password");
    assertThat(secretRef(rendered, "gateway", "SPRING_DATA_REDIS_PASSWORD")).isEqualTo(FULLNAME + "/redis-password");
    assertThat(secretRef(rendered, "llm", "SPRING_AI_OPENAI_API_KEY")).isEqualTo(FULLNAME + "/model-api-key");
    assertThat(envNames(rendered, "retrieval")).doesNotContain("SPRING_DATA_REDIS_PASSWORD", "SPRING_AI_OPENAI_API_KEY");
    assertThat(config(rendered, "memory")).containsEntry("ENGRAM_KAFKA_ENABLED", "true")
        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "engram-kafka-bootstrap.kafka.svc:9092");
    assertThat(config(rendered, "gateway")).containsEntry("SPRING_DATA_REDIS_HOST", "redis-master.redis.svc")
        .containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true").containsEntry("LOGGING_LEVEL_ROOT", "INFO");
    assertThat(config(rendered, "llm")).containsEntry("SPRING_AI_OPENAI_BASE_URL", "https://llm.internal.example.com/v1");
    assertThat(config(rendered, "retrieval")).containsEntry("ENGRAM_DB_URL",
        "jdbc:postgresql://engram-db-rw.databases.svc:5432/engram?sslmode=require");
  }

  @Test
  void aConfigChangeRollsOnlyTheComponentWhoseConfigChanged() {
    Rendered before = HelmChart.render(null);
    Rendered after = HelmChart.render(null, Map.of("gateway.config.LOGGING_LEVEL_ROOT", "DEBUG"));
    assertThat(checksum(after, "gateway", "checksum/config")).isNotEqualTo(checksum(before, "gateway", "checksum/config"));
    assertThat(checksum(after, "retrieval", "checksum/config")).isEqualTo(checksum(before, "retrieval", "checksum/config"));

    Rendered newPassword = HelmChart.render(null, Map.of("postgresql.password", "rotated"));
    assertThat(checksum(newPassword, "memory", "checksum/secret")).isNotEqualTo(checksum(before, "memory", "checksum/secret"));
    assertThat(checksum(HelmChart.render(null), "memory", "checksum/secret"))
        .as("generated secrets must not roll pods on every render").isEqualTo(checksum(before, "memory", "checksum/secret"));
  }

  @Test
  void kafkaWithoutBootstrapServersFailsTheRenderWithAClearMessage() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("kafka.enabled", true)))
        .hasMessageContaining("kafka.bootstrapServers is required");
  }

  @Test
  void aReadReplicaReachesRetrievalAndMemoryOnlyAndOnlyWhenSet() {
    Rendered none = HelmChart.render(null);
    for (String component : Rendered.COMPONENTS) {
      assertThat(config(none, component)).doesNotContainKeys("ENGRAM_DB_REPLICA_URL", "ENGRAM_DB_REPLICA_MAX_LAG");
    }

    String url = "jdbc:postgresql://engram-db-ro.databases.svc:5432/engram";
    Rendered replica = HelmChart.render(null, Map.of("postgresql.replica.url", url, "postgresql.replica.maxLag", "5s"));
    for (String component : new String[] {"retrieval", "memory"}) {
      assertThat(config(replica, component)).containsEntry("ENGRAM_DB_REPLICA_URL", url)
          .containsEntry("ENGRAM_DB_REPLICA_MAX_LAG", "5s")
          .containsEntry("ENGRAM_DB_URL", "jdbc:postgresql://postgresql:5432/engram");
      // the deployment reads that ConfigMap as its environment, and rolls when it changes
      assertThat(Rendered.container(replica.deployment(component)).getEnvFrom())
          .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(FULLNAME + "-" + component));
      assertThat(checksum(replica, component, "checksum/config")).isNotEqualTo(checksum(none, component, "checksum/config"));
    }
    for (String component : new String[] {"gateway", "llm"}) {
      assertThat(config(replica, component)).doesNotContainKeys("ENGRAM_DB_REPLICA_URL", "ENGRAM_DB_REPLICA_MAX_LAG");
      // nothing of theirs changed: they do not roll
      assertThat(checksum(replica, component, "checksum/config")).isEqualTo(checksum(none, component, "checksum/config"));
      assertThat(checksum(replica, component, "checksum/secret")).isEqualTo(checksum(none, component, "checksum/secret"));
    }

    // without maxLag the services keep their own default
    Rendered urlOnly = HelmChart.render(null, Map.of("postgresql.replica.url", url));
    assertThat(config(urlOnly, "memory")).containsEntry("ENGRAM_DB_REPLICA_URL", url)
        .doesNotContainKey("ENGRAM_DB_REPLICA_MAX_LAG");
  }

  static Path ci(String file) {
    return HelmChart.chartDir().resolve("ci").resolve(file);
  }

  static Map<String, String> config(Rendered rendered, String component) {
    return rendered.get(ConfigMap.class, FULLNAME + "-" + component).getData();
  }

  private static java.util.List<String> envNames(Rendered rendered, String component) {
    return Rendered.container(rendered.deployment(component)).getEnv().stream().map(EnvVar::getName).toList();
  }

  private static String secretRef(Rendered rendered, String component, String variable) {
    Optional<EnvVar> env = Rendered.container(rendered.deployment(component)).getEnv().stream()
        .filter(e -> e.getName().equals(variable)).findFirst();
    assertThat(env).as("%s has %s", component, variable).isPresent();
    var ref = env.get().getValueFrom().getSecretKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  private static String checksum(Rendered rendered, String component, String annotation) {
    return rendered.deployment(component).getSpec().getTemplate().getMetadata().getAnnotations().get(annotation);
  }

  private static long memoryLimit(Rendered rendered, String component) {
    return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
        Rendered.container(rendered.deployment(component)).getResources().getLimits().get("memory")).longValue();
  }
}
