package io.engram.llm.deep;

import io.engram.llm.fusion.Passage;
import io.engram.llm.source.HistoryMessage;
import io.engram.llm.source.RetrievalSource;
import io.engram.llm.source.SearchHit;
import io.engram.llm.text.Terms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process stand-in for the retrieval interface, for unit tests of the deep-search loop only: ranks
 * a handful of passages by IDF-weighted term overlap with the query (title included), like a tiny
 * lexical index. It records the queries it was asked.
 */
public final class TermOverlapRetrieval implements RetrievalSource {

  public final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<Passage> corpus;

  public TermOverlapRetrieval(List<Passage> corpus) {
    this.corpus = corpus;
  }

  @Override
  public List<SearchHit> search(String collection, String query, int topK, List<HistoryMessage> history) {
    queries.add(query);
    Set<String> q = Terms.set(query);
    List<Map.Entry<Passage, Double>> scored = new ArrayList<>();
    for (Passage p : corpus) {
      Set<String> terms = Terms.set(p.title() + " " + p.text());
      double score = 0;
      for (String t : q) {
        if (terms.contains(t)) {
          long df = corpus.stream().filter(o -> Terms.set(o.title() + " " + o.text()).contains(t)).count();
          score += Math.log(1 + corpus.size() / (double) df);
        }
      }
      if (score > 0) {
        scored.add(Map.entry(p, score));
      }
    }
    scored.sort(Map.Entry.<Passage, Double>comparingByValue().reversed()
        .thenComparing(e -> e.getKey().id(), Comparator.naturalOrder()));
    return scored.stream().limit(topK).map(e -> new SearchHit(e.getKey().sourceId(), e.getKey().documentId(),
        e.getKey().text(), e.getKey().title(), Map.of(), e.getValue())).toList();
  }
}
