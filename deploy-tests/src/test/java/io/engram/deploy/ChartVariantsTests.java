package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints and renders the chart once per {@code ci/*-values.yaml} variant and checks what a platform team
 * checks on every workload: probes, requests and limits, a hardened security context, pinned images,
 * and that Services, HPAs and PDBs really point at the Deployments.
 */
class ChartVariantsTests {

  static Stream<Path> variants() {
    return HelmChart.ciValues().stream();
  }

  @Test
  void everyDocumentedVariantHasAValuesFile() {
    assertThat(HelmChart.ciValues()).map(p -> p.getFileName().toString()).contains(
        "default-values.yaml", "ingress-values.yaml", "httproute-values.yaml", "existing-secrets-values.yaml",
        "minimal-values.yaml", "production-values.yaml");
  }

  @Test
  void chartLintsCleanlyWithItsDefaults() {
    LintResult result = HelmChart.lint(null);
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void variantLintsCleanly(Path values) {
    LintResult result = HelmChart.lint(values);
    assertThat(result.isFailed()).as("helm lint --strict with %s: %s", values, result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyComponentIsDeployedAndServed(Path values) {
    Rendered rendered = HelmChart.render(values);
    assertThat(rendered.deployments()).hasSize(4);
    for (String component : Rendered.COMPONENTS) {
      Deployment deployment = rendered.deployment(component);
      Service service = rendered.get(Service.class, HelmChart.RELEASE + "-" + component);
      assertThat(Rendered.selects(service.getSpec().getSelector(), Rendered.podLabels(deployment)))
          .as("Service %s selects the %s pods", service.getMetadata().getName(), component).isTrue();
      assertThat(Rendered.selects(deployment.getSpec().getSelector().getMatchLabels(), Rendered.podLabels(deployment)))
          .isTrue();
      List<String> containerPorts = Rendered.container(deployment).getPorts().stream().map(p -> p.getName()).toList();
      assertThat(service.getSpec().getPorts()).map(ServicePort::getTargetPort).allSatisfy(
          target -> assertThat(containerPorts).contains(target.getStrVal()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyContainerIsProbedSizedAndHardened(Path values) {
    for (Deployment deployment : HelmChart.render(values).deployments()) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getAutomountServiceAccountToken()).as("%s automounts no token", name).isFalse();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s pod runAsNonRoot", name).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getInitContainers()).as("no init containers to harden").isEmpty();
      for (Container container : pod.getContainers()) {
        String where = name + "/" + container.getName();
        assertThat(container.getStartupProbe()).as("%s startupProbe", where).isNotNull();
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(where)
            .isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(where)
            .isEqualTo("/actuator/health/readiness");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).as(where)
            .isEqualTo("/actuator/health/liveness");

        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).as("%s requests", where).containsKeys("cpu", "memory");
        assertThat(limits).as("%s limits", where).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
            .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));

        SecurityContext security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).as("%s runAsNonRoot", where).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", where).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", where).isFalse();
        assertThat(security.getCapabilities().getDrop()).as("%s drops capabilities", where).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).as("%s adds no capability", where).isNullOrEmpty();

        // read-only root: the JVM and the unpacked ONNX models need a writable, size-limited /tmp
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir().getSizeLimit()).as("%s /tmp size limit", where).isNotNull();
      }
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsKeys("checksum/config", "checksum/secret");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void noImageFloatsOnLatestOrAnImplicitTag(Path values) {
    for (Deployment deployment : HelmChart.render(values).deployments()) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        String image = container.getImage();
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        assertThat(lastSegment).as("%s is pinned by tag or digest", image).containsAnyOf(":", "@sha256:");
        assertThat(image).doesNotEndWith(":latest");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void autoscalersAndDisruptionBudgetsTargetTheDeployments(Path values) {
    Rendered rendered = HelmChart.render(values);
    for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
      Deployment target = rendered.get(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
      assertThat(target.getSpec().getReplicas()).as("the HPA owns the replica count of %s", target.getMetadata().getName())
          .isNull();
      assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
    }
    for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
      assertThat(rendered.deployments()).filteredOn(
              d -> Rendered.selects(pdb.getSpec().getSelector().getMatchLabels(), Rendered.podLabels(d)))
          .as("PDB %s selects exactly one Deployment", pdb.getMetadata().getName()).hasSize(1);
    }
    for (Deployment deployment : rendered.deployments()) {
      boolean scaled = rendered.all(HorizontalPodAutoscaler.class).stream()
          .anyMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()));
      assertThat(scaled || deployment.getSpec().getReplicas() != null)
          .as("%s has replicas or an HPA", deployment.getMetadata().getName()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyObjectCarriesTheRecommendedLabels(Path values) {
    for (HasMetadata object : HelmChart.render(values).objects()) {
      assertThat(object.getMetadata().getLabels()).as(object.getKind() + "/" + object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/name", "engram")
          .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
          .containsKeys("app.kubernetes.io/version", "helm.sh/chart");
      assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
  }
}
