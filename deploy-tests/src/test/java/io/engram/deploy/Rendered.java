package io.engram.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The objects of one chart rendering, with look-ups by type, kind and name. */
record Rendered(List<HasMetadata> objects) {

  static final List<String> COMPONENTS = List.of("gateway", "retrieval", "memory", "llm");

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(
        () -> new NoSuchElementException("no " + type.getSimpleName() + " named " + name + " in " + names()));
  }

  List<String> names() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  List<Deployment> deployments() {
    return all(Deployment.class);
  }

  Deployment deployment(String component) {
    return get(Deployment.class, HelmChart.RELEASE + "-" + component);
  }

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** True when every label of the selector is on the pod (how matchLabels selects). */
  static boolean selects(Map<String, String> matchLabels, Map<String, String> podLabels) {
    return matchLabels != null && !matchLabels.isEmpty() && podLabels.entrySet().containsAll(matchLabels.entrySet());
  }
}
