package io.engram.retrieval.rewrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The query rewriters of this service, by the name requests spell (every {@link QueryRewriter} bean, in the order
 * the wiring declares them). An unknown name lists the known ones, as {@code Fusion.named} does.
 */
@Component
public class QueryRewriters {

  private final Map<String, QueryRewriter> byName = new LinkedHashMap<>();

  public QueryRewriters(List<QueryRewriter> rewriters) {
    for (QueryRewriter rewriter : rewriters) {
      if (byName.putIfAbsent(rewriter.name(), rewriter) != null) {
        throw new IllegalStateException("two query rewriters are named '" + rewriter.name() + "'");
      }
    }
  }

  /** The known names, in declaration order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The rewriter named {@code name}; an unknown name is an IllegalArgumentException that lists the known ones. */
  public QueryRewriter named(String name) {
    QueryRewriter rewriter = byName.get(name);
    if (rewriter == null) {
      throw new IllegalArgumentException("unknown rewrite '" + name + "'; known: " + names());
    }
    return rewriter;
  }
}
