package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard (a ConfigMap Grafana's sidecar finds by its label) and the PrometheusRule alerts: off
 * by default, rendered when enabled, the dashboard the chart's {@code dashboards/engram.json} as valid JSON, the
 * alerts on the meters the services publish and with the thresholds from the values. (That those meters exist
 * on {@code /actuator/prometheus} is checked on the running platform by e2e-tests TracingIT.)
 */
class MonitoringTests {

  private static final Pattern METRIC = Pattern.compile("\\b(engram_[a-z_]+|http_server_requests_seconds_[a-z]+)\\b");

  @Test
  void neitherDashboardNorRulesByDefault() {
    Rendered rendered = HelmChart.render(null);
    assertThat(rendered.ofKind("PrometheusRule")).isEmpty();
    assertThat(rendered.all(ConfigMap.class)).noneSatisfy(c ->
        assertThat(c.getMetadata().getLabels()).containsKey("grafana_dashboard"));
  }

  @Test
  void theDashboardIsAConfigMapGrafanasSidecarPicksUp() {
    Rendered rendered = HelmChart.render(ConfigurationTests.ci("production-values.yaml"));
    ConfigMap dashboard = rendered.get(ConfigMap.class, HelmChart.RELEASE + "-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Engram");
    Map<String, Object> json = new Yaml().load(dashboard.getData().get("engram.json"));
    assertThat(json).containsEntry("uid", "engram-overview");
    List<Map<String, Object>> panels = (List<Map<String, Object>>) json.get("panels");
    Set<String> titles = panels.stream().map(p -> (String) p.get("title")).collect(Collectors.toSet());
    assertThat(titles).contains("5xx error ratio by service", "p95 latency by service", "Recall p95 by path",
        "Documents per second by outcome", "Job queue", "Decisions per second by kind", "Answer stages p95",
        "Write-back outbox", "Rate-limit rejections by tenant (top 10)");
    Set<String> metrics = panels.stream().filter(p -> p.containsKey("targets"))
        .flatMap(p -> ((List<Map<String, Object>>) p.get("targets")).stream())
        .flatMap(t -> metrics((String) t.get("expr")).stream()).collect(Collectors.toSet());
    assertThat(metrics).contains("engram_search_seconds_bucket", "engram_ingest_queue_oldest_age_seconds",
        "engram_writeback_outbox_depth", "engram_memory_decisions_total", "http_server_requests_seconds_bucket");
  }

  @Test
  void theRulesAlertOnErrorsLatencyOutboxAndJobAgeWithTheConfiguredThresholds() {
    Rendered rendered = HelmChart.render(ConfigurationTests.ci("production-values.yaml"));
    GenericKubernetesResource rule = (GenericKubernetesResource) rendered.ofKind("PrometheusRule").getFirst();
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
    Map<String, String> exprs = rules.stream().collect(Collectors.toMap(r -> (String) r.get("alert"), r -> (String) r.get("expr")));
    assertThat(exprs).containsOnlyKeys("EngramHighErrorRate", "EngramHighLatencyP95", "EngramWriteBackOutboxBacklog",
        "EngramWriteBackDead", "EngramIngestionJobWaiting");
    assertThat(exprs.get("EngramHighErrorRate")).contains("status=~\"5..\"").endsWith("> 0.05");
    // production-values sets p95Seconds: 2
    assertThat(exprs.get("EngramHighLatencyP95")).contains("histogram_quantile(0.95", "http_server_requests_seconds_bucket")
        .endsWith("> 2");
    assertThat(exprs.get("EngramWriteBackOutboxBacklog")).contains("engram_writeback_outbox_depth", "state=\"pending\"")
        .endsWith("> 100");
    assertThat(exprs.get("EngramIngestionJobWaiting")).contains("engram_ingest_queue_oldest_age_seconds").endsWith("> 900");
    // every query selects the release's own services in its namespace
    assertThat(exprs.values()).allSatisfy(e -> assertThat(e).contains("namespace=\"engram\"", "job=~\"engram-.*\""));
    assertThat(rules).allSatisfy(r -> assertThat((Map<String, Object>) r.get("labels")).containsEntry("severity", "warning"));
  }

  static Set<String> metrics(String expr) {
    Matcher m = METRIC.matcher(expr);
    Set<String> names = new java.util.TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
