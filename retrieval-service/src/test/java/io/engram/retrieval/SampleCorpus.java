package io.engram.retrieval;

import java.util.List;
import java.util.Map;

/** A few short documents on distinct topics, with metadata for filters. */
public final class SampleCorpus {

  private SampleCorpus() {
  }

  public static List<Map<String, Object>> documents() {
    return List.of(
        RetrievalApi.doc("vitamin-d", "Vitamin D and bone health",
            "Vitamin D increases intestinal calcium absorption and supports bone mineral density in older adults.",
            Map.of("topic", "medicine", "year", 2019)),
        RetrievalApi.doc("volcano", "Volcanic eruptions",
            "Magma rises through the crust and erupts as lava; ash clouds can disrupt air travel for weeks.",
            Map.of("topic", "geology", "year", 2010)),
        RetrievalApi.doc("transformer", "Attention is all you need",
            "The transformer architecture replaces recurrence with self-attention for sequence transduction.",
            Map.of("topic", "computing", "year", 2017)),
        RetrievalApi.doc("photosynthesis", "Photosynthesis",
            "Plants convert sunlight, water and carbon dioxide into glucose and oxygen in their chloroplasts.",
            Map.of("topic", "biology", "year", 2005)),
        RetrievalApi.doc("coffee", "Coffee brewing",
            "Espresso forces hot water through finely ground coffee beans under about nine bars of pressure.",
            Map.of("topic", "food", "year", 2021)),
        RetrievalApi.doc("insulin", "Insulin and diabetes",
            "Insulin lowers blood glucose; type 1 diabetes destroys the pancreatic beta cells that make it.",
            Map.of("topic", "medicine", "year", 2022)));
  }
}
