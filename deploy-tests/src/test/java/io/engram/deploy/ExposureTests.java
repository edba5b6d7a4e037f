package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only the gateway is exposed, through an Ingress or a Gateway API HTTPRoute (one or the other), and
 * always on its API port, never on the management port that serves health and metrics.
 */
class ExposureTests {

  private static final String GATEWAY_SERVICE = HelmChart.RELEASE + "-gateway";

  @Test
  void nothingIsExposedByDefault() {
    Rendered rendered = HelmChart.render(null);
    assertThat(rendered.all(Ingress.class)).isEmpty();
    assertThat(rendered.ofKind("HTTPRoute")).isEmpty();
    assertThat(rendered.all(Service.class)).allSatisfy(s -> assertThat(s.getSpec().getType()).isEqualTo("ClusterIP"));
  }

  @Test
  void theIngressRoutesToTheGatewayApiPortWithTls() {
    Ingress ingress = HelmChart.render(ConfigurationTests.ci("ingress-values.yaml")).all(Ingress.class).getFirst();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("engram.example.com");
      assertThat(tls.getSecretName()).isEqualTo("engram.example.com-tls");
    });
    IngressBackend backend = ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend();
    assertThat(backend.getService().getName()).isEqualTo(GATEWAY_SERVICE);
    assertThat(backend.getService().getPort().getName()).isEqualTo("http");
  }

  @Test
  void theHttpRouteAttachesToTheSharedGatewayAndTargetsTheGatewayService() {
    Rendered rendered = HelmChart.render(ConfigurationTests.ci("httproute-values.yaml"));
    assertThat(rendered.all(Ingress.class)).isEmpty();
    HTTPRoute route = rendered.all(HTTPRoute.class).getFirst();
    assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(ref -> {
      assertThat(ref.getName()).isEqualTo("public");
      assertThat(ref.getNamespace()).isEqualTo("gateway-system");
      assertThat(ref.getSectionName()).isEqualTo("https");
    });
    var backend = route.getSpec().getRules().getFirst().getBackendRefs().getFirst();
    Service gateway = rendered.get(Service.class, backend.getName());
    assertThat(gateway.getMetadata().getName()).isEqualTo(GATEWAY_SERVICE);
    assertThat(gateway.getSpec().getPorts()).filteredOn(p -> p.getPort().equals(backend.getPort()))
        .singleElement().satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
  }

  @Test
  void ingressAndHttpRouteAreExclusive() {
    assertThatThrownBy(() -> HelmChart.render(null, Map.of("ingress.enabled", true, "httpRoute.enabled", true)))
        .hasMessageContaining("ingress.enabled and httpRoute.enabled are exclusive");
  }

  @Test
  void theServiceMonitorScrapesThePrometheusEndpointOnTheManagementPort() {
    Rendered rendered = HelmChart.render(ConfigurationTests.ci("production-values.yaml"));
    GenericKubernetesResource monitor = (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").getFirst();
    Map<String, Object> endpoint = monitor.get("spec", "endpoints", 0);
    assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(rendered.all(Service.class)).hasSize(4).allSatisfy(s -> {
      assertThat(Rendered.selects(selector, s.getMetadata().getLabels())).isTrue();
      assertThat(s.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("management"));
    });
  }
}
