package io.engram.retrieval.ingest;

import io.engram.retrieval.chunking.ChunkDraft;
import io.engram.retrieval.chunking.Chunker;
import io.engram.retrieval.chunking.ParentDraft;
import io.engram.retrieval.chunking.Section;
import io.engram.retrieval.chunking.StructureParser;
import io.engram.retrieval.chunking.TokenSpans;
import io.engram.retrieval.collection.ChunkingSettings;
import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.RetrievalProperties;
import io.engram.text.analysis.TextAnalyzer;
import io.engram.text.analysis.TextAnalyzers;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.OnnxEmbeddingModel;
import io.engram.text.embedding.TextEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns stored job documents into {@link PreparedDocument}s: structure parsing, token-aware chunking with
 * the collection model's tokenizer, lexical analysis with the collection language's analyzer, and one
 * embedding call for all chunks of a batch (so the model batches across documents). What is indexed for a
 * chunk (terms and vector) is the document title, the chunk's heading path and its text: a chunk cut out of
 * a long document still carries what it is about. In a parent/child collection the chunks are the children of parent
 * sections (see {@link Chunker#parentsAndChildren}): only children are indexed, the parents are kept with them.
 */
@Component
class DocumentPreparer {

  private final EmbeddingModels models;
  private final RetrievalProperties.Chunking chunking;
  private final JsonMapper json;

  DocumentPreparer(EmbeddingModels models, RetrievalProperties properties, JsonMapper json) {
    this.models = models;
    this.chunking = properties.chunking();
    this.json = json;
  }

  /** The hash that identifies a document's content: a re-sent document with the same hash changes nothing. */
  String hash(JobDocument doc) {
    return ContentHash.of(doc.title(), doc.body(), doc.format().code(), json.writeValueAsString(new TreeMap<>(doc.metadata())));
  }

  /**
   * Prepares {@code docs}; a document that cannot be prepared is reported to {@code failed} and left out.
   */
  List<PreparedDocument> prepare(Collection collection, List<JobDocument> docs, BiConsumer<JobDocument, String> failed) {
    return prepare(collection, docs, failed, new StageTimes());
  }

  /** As {@link #prepare(Collection, List, BiConsumer)}, adding the time of chunking and of embedding to {@code times}. */
  List<PreparedDocument> prepare(Collection collection, List<JobDocument> docs, BiConsumer<JobDocument, String> failed,
      StageTimes times) {
    TextEmbedder embedder = collection.dense() ? models.get(collection.embeddingModel()) : null;
    TokenSpans tokens = embedder == null ? TokenSpans.words() : TokenSpans.forEmbedder(embedder);
    TextAnalyzer analyzer = TextAnalyzers.forLanguage(collection.language());
    int modelLimit = embedder != null && embedder.model() instanceof OnnxEmbeddingModel onnx ? onnx.spec().maxTokens() - 2 : chunking.maxTokens();
    List<Draft> drafts = times.time("chunk+analyze", () -> {
      List<Draft> chunked = new ArrayList<>();
      for (JobDocument doc : docs) {
        try {
          chunked.add(draft(collection, doc, tokens, analyzer, modelLimit));
        } catch (RuntimeException e) {
          failed.accept(doc, "cannot be chunked: " + e.getMessage());
        }
      }
      return chunked;
    });
    List<String> inputs = new ArrayList<>();
    drafts.forEach(d -> inputs.addAll(d.indexed()));
    List<float[]> vectors = embedder == null ? java.util.Collections.nCopies(inputs.size(), null)
        : times.time("embed", () -> embedder.embedDocuments(inputs));
    List<PreparedDocument> prepared = new ArrayList<>(drafts.size());
    int v = 0;
    for (Draft d : drafts) {
      List<PreparedChunk> chunks = new ArrayList<>(d.chunks().size());
      for (PreparedChunk c : d.chunks()) {
        chunks.add(c.withVector(vectors.get(v++)));
      }
      prepared.add(new PreparedDocument(d.doc().ordinal(), d.doc().documentId(), d.doc().title(), d.doc().metadata(),
          hash(d.doc()), chunks, d.parents()));
    }
    return prepared;
  }

  private Draft draft(Collection collection, JobDocument doc, TokenSpans tokens, TextAnalyzer analyzer, int modelLimit) {
    ChunkingSettings settings = collection.chunking();
    int limit = Math.min(settings.parentChild() ? settings.childTokens() : chunking.maxTokens(), modelLimit);
    List<Section> sections = StructureParser.parse(doc.body(), doc.format());
    String title = doc.title() == null || doc.title().isBlank() ? "" : doc.title().strip();
    int titleTokens = title.isEmpty() ? 0 : tokens.count(title) + 1;
    int headingTokens = 0;
    for (Section s : sections) {
      headingTokens = Math.max(headingTokens, s.headings().isEmpty() ? 0 : tokens.count(String.join(" > ", s.headings())) + 1);
    }
    // the title and headings are embedded with each chunk, so they share the model's input limit
    int budget = Math.max(limit / 2, limit - titleTokens - headingTokens);
    int overlap = Math.min(settings.parentChild() ? settings.childOverlapTokens() : chunking.overlapTokens(), budget / 2 - 1);
    Chunker chunker = new Chunker(budget, Math.max(0, overlap));
    List<ChunkDraft> cut = new ArrayList<>();
    List<PreparedParent> parents = new ArrayList<>();
    List<Integer> parentOf = new ArrayList<>();
    if (settings.parentChild()) {
      // parents are not embedded: their size is the collection's, not bounded by the model
      for (ParentDraft p : new Chunker(Math.max(settings.parentTokens(), budget), 0).parentsAndChildren(sections, tokens, chunker)) {
        for (ChunkDraft child : p.children()) {
          cut.add(child);
          parentOf.add(parents.size());
        }
        parents.add(new PreparedParent(p.parent().text(), p.parent().tokenCount()));
      }
    } else {
      cut.addAll(chunker.chunk(sections, tokens));
    }
    if (cut.isEmpty()) {
      throw new IllegalArgumentException("no text left after parsing");
    }
    List<PreparedChunk> chunks = new ArrayList<>(cut.size());
    List<String> indexed = new ArrayList<>(cut.size());
    for (int k = 0; k < cut.size(); k++) {
      ChunkDraft c = cut.get(k);
      String full = IndexedText.of(title, c.headings(), c.text());
      List<String> terms = analyzer.terms(full);
      Map<String, Integer> tf = new HashMap<>();
      for (String term : terms) {
        tf.merge(term, 1, Integer::sum);
      }
      chunks.add(settings.parentChild()
          ? new PreparedChunk(c.text(), c.headings(), c.tokenCount(), tf, terms.size(), ContentHash.of(full), null,
              parentOf.get(k), c.start(), c.end())
          : new PreparedChunk(c.text(), c.headings(), c.tokenCount(), tf, terms.size(), ContentHash.of(full), null));
      indexed.add(full);
    }
    return new Draft(doc, chunks, indexed, parents);
  }

  private record Draft(JobDocument doc, List<PreparedChunk> chunks, List<String> indexed, List<PreparedParent> parents) {
  }
}
