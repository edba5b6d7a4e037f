package io.engram.eval.retrieval;

import io.engram.retrieval.search.SearchRequest;
import java.util.List;
import java.util.Locale;

/**
 * Named search pipelines for evaluation, each a {@link SearchRequest} shape the API also accepts:
 * {@code default} (what the service does with no options), {@code bm25}, {@code dense},
 * {@code hybrid-rrf}, {@code hybrid} (normalized), {@code bm25-rm3}, {@code hybrid-rm3},
 * {@code hybrid-mmr}. Options after a colon override a pipeline, e.g.
 * {@code hybrid:w=0.6,candidates=200,rewrite=rm3,rerank=mmr,fusion=rrf}.
 */
final class Pipelines {

  static final List<String> NAMES = List.of("default", "bm25", "dense", "hybrid-rrf", "hybrid", "bm25-rm3", "hybrid-rm3",
      "hybrid-mmr");

  private Pipelines() {
  }

  static SearchRequest request(String spec, String query, int topK) {
    String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    List<String> paths = null;
    String fusion = null;
    String rewrite = null;
    String rerank = null;
    Double weight = null;
    Integer candidates = null;
    switch (name) {
      case "default" -> { }
      case "bm25" -> {
        paths = List.of("bm25");
        rewrite = "none";
      }
      case "dense" -> {
        paths = List.of("dense");
        rewrite = "none";
      }
      case "hybrid-rrf" -> {
        fusion = "rrf";
        rewrite = "none";
      }
      case "hybrid" -> {
        fusion = "normalized";
        rewrite = "none";
      }
      case "bm25-rm3" -> {
        paths = List.of("bm25");
        rewrite = "rm3";
      }
      case "hybrid-rm3" -> {
        fusion = "normalized";
        rewrite = "rm3";
      }
      case "hybrid-mmr" -> {
        fusion = "normalized";
        rewrite = "none";
        rerank = "mmr";
      }
      default -> throw new IllegalArgumentException("unknown pipeline '" + name + "'; known: " + NAMES);
    }
    if (spec.contains(":")) {
      for (String option : spec.substring(spec.indexOf(':') + 1).split(",")) {
        String[] kv = option.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("pipeline option '" + option + "' is not key=value");
        }
        switch (kv[0].toLowerCase(Locale.ROOT)) {
          case "w" -> weight = Double.parseDouble(kv[1]);
          case "candidates" -> candidates = Integer.parseInt(kv[1]);
          case "rewrite" -> rewrite = kv[1];
          case "rerank" -> rerank = kv[1];
          case "fusion" -> fusion = kv[1];
          default -> throw new IllegalArgumentException("unknown pipeline option '" + kv[0] + "'; known: w, candidates, rewrite, rerank, fusion");
        }
      }
    }
    if (candidates != null && candidates < topK) {
      candidates = topK;
    }
    return SearchRequest.builder(query).topK(topK).rewrite(rewrite).rerank(rerank).explain(false).paths(paths).fusion(fusion)
        .denseWeight(weight).candidates(candidates).build();
  }
}
