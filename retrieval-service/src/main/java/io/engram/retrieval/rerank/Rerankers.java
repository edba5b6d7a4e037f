package io.engram.retrieval.rerank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The rerankers of this service, by the name requests spell (every {@link Reranker} bean, in the order the wiring
 * declares them), after {@value #NONE}, which keeps the fused order. An unknown name lists the known ones.
 */
@Component
public class Rerankers {

  /** The name that asks for no reranking. */
  public static final String NONE = "none";

  private final Map<String, Reranker> byName = new LinkedHashMap<>();

  public Rerankers(List<Reranker> rerankers) {
    for (Reranker reranker : rerankers) {
      if (reranker.name().equals(NONE) || byName.putIfAbsent(reranker.name(), reranker) != null) {
        throw new IllegalStateException("a second reranker is named '" + reranker.name() + "'");
      }
    }
  }

  /** The known names, {@value #NONE} first. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(NONE);
    names.addAll(byName.keySet());
    return names;
  }

  /**
   * The reranker named {@code name}, null for {@value #NONE}; an unknown name is an IllegalArgumentException that
   * lists the known ones.
   */
  public @Nullable Reranker named(String name) {
    if (name.equals(NONE)) {
      return null;
    }
    Reranker reranker = byName.get(name);
    if (reranker == null) {
      throw new IllegalArgumentException("unknown rerank '" + name + "'; known: " + names());
    }
    return reranker;
  }
}
