package io.engram.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The network model: every pod of the release is denied by default, the gateway is the only component
 * reachable from outside, internal calls follow the call graph (gateway -> services, llm -> retrieval and
 * memory), and egress goes only to DNS, PostgreSQL and the dependencies a component actually uses.
 */
class NetworkPolicyTests {

  @Test
  void aDefaultDenyPolicySelectsEveryPodOfTheRelease() {
    Rendered rendered = HelmChart.render(null);
    NetworkPolicy deny = rendered.get(NetworkPolicy.class, HelmChart.RELEASE + "-default-deny");
    assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    assertThat(rendered.deployments()).hasSize(4).allSatisfy(d -> assertThat(
        Rendered.selects(deny.getSpec().getPodSelector().getMatchLabels(), Rendered.podLabels(d))).isTrue());
  }

  @Test
  void everyServiceIsSelectedByExactlyOneAllowPolicyOfItsOwn() {
    Rendered rendered = HelmChart.render(null);
    for (String component : Rendered.COMPONENTS) {
      Deployment deployment = rendered.deployment(component);
      List<NetworkPolicy> selecting = rendered.all(NetworkPolicy.class).stream()
          .filter(p -> !p.getMetadata().getName().endsWith("-default-deny"))
          .filter(p -> Rendered.selects(p.getSpec().getPodSelector().getMatchLabels(), Rendered.podLabels(deployment)))
          .toList();
      assertThat(selecting).as("allow policies of %s", component).hasSize(1);
      assertThat(selecting.getFirst().getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }
  }

  @Test
  void onlyTheGatewayIsReachableFromOutsideAndInternalCallsFollowTheCallGraph() {
    Rendered rendered = HelmChart.render(null);
    Map<String, Set<String>> callers = Map.of("retrieval", Set.of("gateway", "llm"), "memory",
        Set.of("gateway", "llm"), "llm", Set.of("gateway"));
    callers.forEach((component, expected) -> {
      List<NetworkPolicyIngressRule> rules = policy(rendered, component).getSpec().getIngress();
      assertThat(rules).as("%s ingress", component).hasSize(1);
      assertThat(rules.getFirst().getFrom()).as("%s has no open ingress", component).isNotEmpty();
      assertThat(callerComponents(rules.getFirst().getFrom())).isEqualTo(expected);
      assertThat(ports(rules.getFirst().getPorts())).containsExactly(containerPort(rendered, component));
    });
    List<NetworkPolicyIngressRule> gateway = policy(rendered, "gateway").getSpec().getIngress();
    assertThat(gateway).hasSize(1);
    assertThat(ports(gateway.getFirst().getPorts())).as("only the API port, not management").containsExactly(8080);
  }

  @Test
  void egressGoesToDnsPostgresAndTheCalledServicesOnly() {
    Rendered rendered = HelmChart.render(null);
    List<NetworkPolicyEgressRule> gateway = policy(rendered, "gateway").getSpec().getEgress();
    assertThat(egressPorts(gateway)).containsExactlyInAnyOrder(53, 5432, 8081, 8082, 8083);
    assertThat(gateway).filteredOn(r -> ports(r.getPorts()).contains(8081)).singleElement()
        .satisfies(r -> assertThat(callerComponents(r.getTo())).containsExactly("retrieval"));
    assertThat(egressPorts(policy(rendered, "llm").getSpec().getEgress()))
        .containsExactlyInAnyOrder(53, 5432, 8081, 8082);
    assertThat(egressPorts(policy(rendered, "retrieval").getSpec().getEgress())).containsExactlyInAnyOrder(53, 5432);
    assertThat(egressPorts(policy(rendered, "memory").getSpec().getEgress())).containsExactlyInAnyOrder(53, 5432);
  }

  @Test
  void optionalDependenciesOpenEgressOnlyForTheComponentThatUsesThem() {
    Rendered rendered = HelmChart.render(ConfigurationTests.ci("production-values.yaml"));
    assertThat(egressPorts(policy(rendered, "gateway").getSpec().getEgress())).contains(6379).doesNotContain(9092, 443);
    assertThat(egressPorts(policy(rendered, "memory").getSpec().getEgress())).contains(9092).doesNotContain(6379, 443);
    assertThat(egressPorts(policy(rendered, "llm").getSpec().getEgress())).contains(443).doesNotContain(6379, 9092);
    NetworkPolicyEgressRule model = policy(rendered, "llm").getSpec().getEgress().stream()
        .filter(r -> ports(r.getPorts()).contains(443)).findFirst().orElseThrow();
    assertThat(model.getTo()).singleElement().satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
    NetworkPolicyEgressRule postgres = policy(rendered, "retrieval").getSpec().getEgress().stream()
        .filter(r -> ports(r.getPorts()).contains(5432)).findFirst().orElseThrow();
    assertThat(postgres.getTo()).singleElement().satisfies(
        p -> assertThat(p.getPodSelector().getMatchLabels()).containsEntry("cnpg.io/cluster", "engram-db"));
    // the management port opens to the monitoring namespace only
    assertThat(policy(rendered, "retrieval").getSpec().getIngress()).filteredOn(r -> ports(r.getPorts()).contains(9090))
        .singleElement().satisfies(r -> assertThat(r.getFrom()).singleElement().satisfies(
            p -> assertThat(p.getNamespaceSelector().getMatchLabels()).containsValue("monitoring")));
  }

  @Test
  void policiesCanBeSwitchedOff() {
    assertThat(HelmChart.render(ConfigurationTests.ci("minimal-values.yaml")).all(NetworkPolicy.class)).isEmpty();
  }

  private static NetworkPolicy policy(Rendered rendered, String component) {
    return rendered.get(NetworkPolicy.class, HelmChart.RELEASE + "-" + component);
  }

  private static int containerPort(Rendered rendered, String component) {
    return Rendered.container(rendered.deployment(component)).getPorts().stream()
        .filter(p -> p.getName().equals("http")).findFirst().orElseThrow().getContainerPort();
  }

  private static Set<String> callerComponents(List<NetworkPolicyPeer> peers) {
    return peers.stream().map(p -> {
      assertThat(p.getPodSelector()).as("internal peers are pods of this release").isNotNull();
      assertThat(p.getNamespaceSelector()).as("no other namespace").isNull();
      Map<String, String> labels = p.getPodSelector().getMatchLabels();
      assertThat(labels).containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
      return labels.get("app.kubernetes.io/component");
    }).collect(Collectors.toSet());
  }

  private static List<Integer> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getPort().getIntVal()).distinct().toList();
  }

  private static Set<Integer> egressPorts(List<NetworkPolicyEgressRule> rules) {
    return rules.stream().flatMap(r -> ports(r.getPorts()).stream()).collect(Collectors.toSet());
  }
}
