package io.engram.retrieval.ingest;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.Postings;
import io.engram.retrieval.collection.VectorGraphs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes documents with their chunks, vectors and postings, and removes them, keeping the collection's
 * counts and BM25 length statistics exact. A document is identified by (collection, external id): writing
 * one whose content hash is unchanged does nothing; a changed one replaces its chunks. Chunks and postings
 * go in as one array-parameter insert per batch ({@code unnest}); COPY is not an option because PostgreSQL
 * refuses COPY FROM into tables under row-level security. In a parent/child collection a document's parents are
 * written (one more insert per batch) before the chunks that point to them. Runs inside the caller's tenant
 * transaction.
 */
@Component
class DocumentStore {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Postings postings;

  DocumentStore(JdbcClient jdbc, JsonMapper json, Postings postings) {
    this.jdbc = jdbc;
    this.json = json;
    this.postings = postings;
  }

  /** Hashes of the documents among {@code externalIds} that exist in the collection. */
  Map<String, String> existingHashes(Collection collection, List<String> externalIds) {
    Map<String, String> hashes = new HashMap<>();
    jdbc.sql("select external_id, content_hash from documents where collection_id = ? and tenant_id = ? and external_id = any(?)")
        .params(collection.id(), collection.tenantId(), externalIds.toArray(String[]::new))
        .query(rs -> {
          hashes.put(rs.getString(1), rs.getString(2));
        });
    return hashes;
  }

  /**
   * Writes {@code docs}; returns how many were stored or replaced (unchanged ones are skipped). A batch costs a
   * fixed number of statements whatever its size: existing rows are locked, replaced chunks deleted,
   * documents updated and inserted, chunks and postings inserted, each in one statement. When an external id
   * occurs twice in {@code docs}, the last occurrence is written (what writing them one after the other leaves).
   */
  int write(Collection collection, List<PreparedDocument> docs) {
    if (docs.isEmpty()) {
      return 0;
    }
    Map<String, PreparedDocument> last = new LinkedHashMap<>();
    for (PreparedDocument doc : docs) {
      last.remove(doc.externalId());
      last.put(doc.externalId(), doc);
    }
    // 1. lock the rows that exist, so a concurrent writer of the same documents waits
    Map<String, Object[]> existing = new HashMap<>();
    jdbc.sql("""
            select external_id, id, content_hash from documents
            where collection_id = ? and tenant_id = ? and external_id = any(?) for update""")
        .params(collection.id(), collection.tenantId(), last.keySet().toArray(String[]::new))
        .query(rs -> {
          existing.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3)});
        });
    List<Long> replacedIds = new ArrayList<>();
    List<PreparedDocument> replaced = new ArrayList<>();
    List<PreparedDocument> fresh = new ArrayList<>();
    for (PreparedDocument doc : last.values()) {
      Object[] row = existing.get(doc.externalId());
      if (row == null) {
        fresh.add(doc);
      } else if (!row[1].equals(doc.contentHash())) {
        replacedIds.add((Long) row[0]);
        replaced.add(doc);
      }
    }
    int chunkDelta = 0;
    long termDelta = 0;
    Map<String, Long> ids = new HashMap<>();
    // 2. a changed document loses its chunks (and their postings, by cascade) and takes the new content
    if (!replaced.isEmpty()) {
      postings.forgetDocuments(collection, replacedIds.toArray(Long[]::new));
      List<Integer> removed = jdbc.sql("delete from chunks where document_id = any(?) and tenant_id = ? returning term_count")
          .params(replacedIds.toArray(Long[]::new), collection.tenantId()).query(Integer.class).list();
      chunkDelta -= removed.size();
      termDelta -= removed.stream().mapToLong(Integer::longValue).sum();
      if (collection.parentChild()) {
        jdbc.sql("delete from chunk_parents where document_id = any(?) and tenant_id = ?")
            .params(replacedIds.toArray(Long[]::new), collection.tenantId()).update();
      }
      jdbc.sql("""
              update documents d set title = u.title, content_hash = u.hash, metadata = u.meta::jsonb, updated_at = now()
              from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as u(id, title, hash, meta)
              where d.id = u.id and d.tenant_id = ?""")
          .params(replacedIds.toArray(Long[]::new), replaced.stream().map(PreparedDocument::title).toArray(String[]::new),
              replaced.stream().map(PreparedDocument::contentHash).toArray(String[]::new),
              replaced.stream().map(d -> json.writeValueAsString(d.metadata())).toArray(String[]::new), collection.tenantId())
          .update();
      for (int i = 0; i < replaced.size(); i++) {
        ids.put(replaced.get(i).externalId(), replacedIds.get(i));
      }
    }
    // 3. new documents in one insert
    if (!fresh.isEmpty()) {
      jdbc.sql("""
              insert into documents (tenant_id, collection_id, external_id, title, content_hash, metadata)
              select ?, ?, u.ext, u.title, u.hash, u.meta::jsonb
              from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as u(ext, title, hash, meta, n)
              order by u.n
              returning external_id, id""")
          .params(collection.tenantId(), collection.id(), fresh.stream().map(PreparedDocument::externalId).toArray(String[]::new),
              fresh.stream().map(PreparedDocument::title).toArray(String[]::new),
              fresh.stream().map(PreparedDocument::contentHash).toArray(String[]::new),
              fresh.stream().map(d -> json.writeValueAsString(d.metadata())).toArray(String[]::new))
          .query(rs -> {
            ids.put(rs.getString(1), rs.getLong(2));
          });
    }
    // 4. their chunks and postings, in the order of the documents
    Map<Long, PreparedDocument> toInsert = new LinkedHashMap<>();
    for (PreparedDocument doc : last.values()) {
      Long id = ids.get(doc.externalId());
      if (id != null) {
        toInsert.put(id, doc);
      }
    }
    int chunkTotal = toInsert.values().stream().mapToInt(d -> d.chunks().size()).sum();
    if (chunkTotal > 0) {
      termDelta += insertChunks(collection, toInsert, chunkTotal);
      chunkDelta += chunkTotal;
    }
    if (!fresh.isEmpty() || chunkDelta != 0 || termDelta != 0) {
      jdbc.sql("""
              update collections set document_count = document_count + ?, chunk_count = chunk_count + ?,
                total_terms = total_terms + ? where id = ? and tenant_id = ?""")
          .params(fresh.size(), chunkDelta, termDelta, collection.id(), collection.tenantId()).update();
    }
    return toInsert.size();
  }

  private long insertChunks(Collection collection, Map<Long, PreparedDocument> docs, int count) {
    List<Long> ids = jdbc.sql("select nextval(pg_get_serial_sequence('retrieval.chunks', 'id')) from generate_series(1, ?)")
        .param(count).query(Long.class).list();
    Long[] chunkIds = ids.toArray(Long[]::new);
    Long[] documentIds = new Long[count];
    Integer[] ordinals = new Integer[count];
    String[] texts = new String[count];
    String[] metadata = new String[count];
    String[] hashes = new String[count];
    Integer[] tokenCounts = new Integer[count];
    Integer[] termCounts = new Integer[count];
    String[] vectors = new String[count];
    Long[] parentIds = new Long[count];
    Integer[] parentStarts = new Integer[count];
    Integer[] parentEnds = new Integer[count];
    Map<Long, List<Long>> parentsOf = collection.parentChild() ? insertParents(collection, docs) : Map.of();
    List<String> postingTerms = new ArrayList<>();
    List<Long> postingChunks = new ArrayList<>();
    List<Integer> postingTf = new ArrayList<>();
    List<Integer> postingDl = new ArrayList<>();
    long terms = 0;
    int i = 0;
    for (Map.Entry<Long, PreparedDocument> entry : docs.entrySet()) {
      PreparedDocument doc = entry.getValue();
      int ordinal = 0;
      for (PreparedChunk chunk : doc.chunks()) {
        documentIds[i] = entry.getKey();
        ordinals[i] = ordinal++;
        texts[i] = chunk.text();
        Map<String, Object> chunkMetadata = new LinkedHashMap<>(doc.metadata());
        chunkMetadata.put("headings", chunk.headings());
        metadata[i] = json.writeValueAsString(chunkMetadata);
        hashes[i] = chunk.contentHash();
        tokenCounts[i] = chunk.tokenCount();
        termCounts[i] = chunk.termCount();
        vectors[i] = chunk.vector() == null ? null : DenseRecall.literal(chunk.vector());
        if (chunk.parent() >= 0) {
          parentIds[i] = parentsOf.get(entry.getKey()).get(chunk.parent());
          parentStarts[i] = chunk.parentStart();
          parentEnds[i] = chunk.parentEnd();
        }
        terms += chunk.termCount();
        for (Map.Entry<String, Integer> tf : chunk.termFrequencies().entrySet()) {
          postingTerms.add(tf.getKey());
          postingChunks.add(chunkIds[i]);
          postingTf.add(tf.getValue());
          postingDl.add(chunk.termCount());
        }
        i++;
      }
    }
    jdbc.sql("""
            insert into chunks (id, tenant_id, collection_id, document_id, ordinal, text, metadata, content_hash,
              token_count, term_count, model, embedding, parent_id, parent_start, parent_end)
            select u.id, ?, ?, u.doc, u.ord, u.txt, u.meta::jsonb, u.hash, u.tok, u.terms, coalesce((%s), ?), u.vec::vector, u.parent,
              u.pstart, u.pend
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[],
              ?::bigint[], ?::int[], ?::int[])
              as u(id, doc, ord, txt, meta, hash, tok, terms, vec, parent, pstart, pend)""".formatted(VectorGraphs.KEY_OF_COLLECTION_SQL))
        // the model key the collection's chunks carry (a bulk-loaded collection's own graph, see VectorGraphs)
        .params(collection.tenantId(), collection.id(), collection.id(), collection.tenantId(), collection.embeddingModel(),
            chunkIds, documentIds, ordinals, texts, metadata, hashes, tokenCounts, termCounts, vectors, parentIds, parentStarts,
            parentEnds)
        .update();
    postings.insert(collection, postingTerms.toArray(String[]::new), postingChunks.toArray(Long[]::new),
        postingTf.toArray(Integer[]::new), postingDl.toArray(Integer[]::new), (double) terms / count);
    return terms;
  }

  /** Writes the parents of {@code docs} (by document id) in one insert; returns their ids, per document in order. */
  private Map<Long, List<Long>> insertParents(Collection collection, Map<Long, PreparedDocument> docs) {
    List<Long> documentIds = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Integer> tokenCounts = new ArrayList<>();
    docs.forEach((id, doc) -> {
      for (int p = 0; p < doc.parents().size(); p++) {
        documentIds.add(id);
        ordinals.add(p);
        texts.add(doc.parents().get(p).text());
        tokenCounts.add(doc.parents().get(p).tokenCount());
      }
    });
    Map<Long, List<Long>> ids = new HashMap<>();
    if (documentIds.isEmpty()) {
      return ids;
    }
    jdbc.sql("""
            insert into chunk_parents (tenant_id, collection_id, document_id, ordinal, text, token_count)
            select ?, ?, u.doc, u.ord, u.txt, u.tok
            from unnest(?::bigint[], ?::int[], ?::text[], ?::int[]) with ordinality as u(doc, ord, txt, tok, n)
            order by u.n
            returning document_id, ordinal, id""")
        .params(collection.tenantId(), collection.id(), documentIds.toArray(Long[]::new), ordinals.toArray(Integer[]::new),
            texts.toArray(String[]::new), tokenCounts.toArray(Integer[]::new))
        .query(rs -> {
          List<Long> of = ids.computeIfAbsent(rs.getLong(1), d -> new ArrayList<>());
          int ordinal = rs.getInt(2);
          while (of.size() <= ordinal) {
            of.add(null);
          }
          of.set(ordinal, rs.getLong(3));
        });
    return ids;
  }

  /** Removes a document with its chunks and postings; false if it does not exist. */
  boolean delete(Collection collection, String externalId) {
    var found = jdbc.sql("""
            select id from documents where collection_id = ? and tenant_id = ? and external_id = ? for update""")
        .params(collection.id(), collection.tenantId(), externalId).query(Long.class).optional();
    if (found.isEmpty()) {
      return false;
    }
    postings.forgetDocuments(collection, new Long[] {found.get()});
    jdbc.sql("delete from documents where id = ? and tenant_id = ?").params(found.get(), collection.tenantId()).update();
    // chunks and postings went with the document (on delete cascade); recompute the statistics exactly
    jdbc.sql("""
            update collections c set document_count = document_count - 1,
              chunk_count = (select count(*) from chunks where collection_id = c.id),
              total_terms = (select coalesce(sum(term_count), 0) from chunks where collection_id = c.id)
            where c.id = ? and c.tenant_id = ?""")
        .params(collection.id(), collection.tenantId()).update();
    return true;
  }

  /**
   * Refreshes the planner's statistics on the chunks, their postings and the documents, after a bulk load:
   * fresh ones keep queries on the indexes (see STACK.md).
   */
  void analyze() {
    jdbc.sql("analyze retrieval.chunks").update();
    postings.vacuumAndAnalyze();
    jdbc.sql("analyze retrieval.documents").update();
  }
}
