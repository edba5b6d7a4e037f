package io.engram.retrieval.transfer;

import io.engram.retrieval.collection.Collection;
import io.engram.retrieval.collection.CollectionStore;
import io.engram.support.tenancy.TenantTransactions;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a collection as a {@link CollectionDump} while reading it: documents a page at a time in id order (the
 * order ingestion gave them, so a restore assigns new ids in the same relative order), each page's chunks streamed
 * from a cursor, so memory holds one page of documents and a few hundred chunks whatever the collection's size. All
 * of it is read in one REPEATABLE READ transaction of the collection's tenant: the header's counts, the rows and the
 * end line describe one snapshot even while ingestion writes to the collection. Vectors and metadata are copied as
 * PostgreSQL prints them (pgvector's shortest round-trip floats, jsonb), which are JSON already.
 */
@Component
class CollectionExporter {

  static final int DOCUMENTS_PER_PAGE = 500;
  private static final int FETCH_SIZE = 256;

  private final CollectionStore collections;
  private final TenantTransactions tenants;
  private final TransactionTemplate snapshot;
  private final JdbcTemplate jdbc;
  private final ObjectWriter lines;

  CollectionExporter(CollectionStore collections, TenantTransactions tenants, PlatformTransactionManager transactions,
      DataSource dataSource, JsonMapper json) {
    this.collections = collections;
    this.tenants = tenants;
    this.snapshot = new TransactionTemplate(transactions);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.jdbc = new JdbcTemplate(dataSource);
    // a cursor: PgJDBC fetches this many rows at a time inside a transaction instead of the whole result
    this.jdbc.setFetchSize(FETCH_SIZE);
    this.lines = json.writer().withRootValueSeparator("\n");
  }

  /** What an export wrote. */
  record Exported(long documents, long chunks) {
  }

  /** Writes {@code collection} (found in its tenant, a standard one) to {@code out}. */
  Exported export(Collection collection, OutputStream out) {
    return snapshot.execute(status -> tenants.inTenant(collection.tenantId(), () -> write(collection, out)));
  }

  private Exported write(Collection found, OutputStream out) {
    // read again inside the snapshot: these counts are the rows that follow
    Collection collection = collections.find(found.tenantId(), found.id()).orElseThrow(() -> CollectionStore.notFound(found.name()));
    Integer dimensions = jdbc.query("""
            select vector_dims(embedding) from chunks where collection_id = ? and tenant_id = ? and embedding is not null
            order by collection_id limit 1""", rs -> rs.next() ? rs.getInt(1) : null, collection.id(), collection.tenantId());
    long[] written = new long[2];
    try (JsonGenerator generator = lines.createGenerator(out)) {
      generator.writePOJO(new CollectionDump.Header(CollectionDump.HEADER, CollectionDump.FORMAT, CollectionDump.VERSION,
          collection.name(), collection.language(), collection.embeddingModel(), dimensions, collection.chunking(),
          collection.documentCount(), collection.chunkCount(), collection.totalTerms(), OffsetDateTime.now(ZoneOffset.UTC)));
      long after = 0;
      while (true) {
        List<Object[]> page = new ArrayList<>(DOCUMENTS_PER_PAGE);
        jdbc.query("""
                select id, external_id, title, content_hash, metadata::text from documents
                where collection_id = ? and tenant_id = ? and id > ? order by id limit ?""",
            rs -> {
              page.add(new Object[] {rs.getLong(1), new CollectionDump.DocumentLine(CollectionDump.DOCUMENT, rs.getString(2),
                  rs.getString(3), rs.getString(4), rs.getString(5))});
            }, collection.id(), collection.tenantId(), after, DOCUMENTS_PER_PAGE);
        if (page.isEmpty()) {
          break;
        }
        Long[] ids = page.stream().map(p -> (Long) p[0]).toArray(Long[]::new);
        int[] next = {0}; // the next document of the page to write
        jdbc.query("""
                select document_id, ordinal, text, metadata::text, content_hash, token_count, term_count, embedding::text
                from chunks where document_id = any(?) and tenant_id = ? order by document_id, ordinal""",
            rs -> {
              long documentId = rs.getLong(1);
              // documents up to this chunk's (those without chunks included) come first
              while (next[0] < page.size() && (Long) page.get(next[0])[0] <= documentId) {
                generator.writePOJO(page.get(next[0]++)[1]);
                written[0]++;
              }
              generator.writePOJO(new CollectionDump.ChunkLine(CollectionDump.CHUNK, rs.getInt(2), rs.getString(3),
                  rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8)));
              written[1]++;
            }, ids, collection.tenantId());
        while (next[0] < page.size()) {
          generator.writePOJO(page.get(next[0]++)[1]);
          written[0]++;
        }
        after = ids[ids.length - 1];
      }
      generator.writePOJO(new CollectionDump.End(CollectionDump.END, written[0], written[1]));
      generator.writeRaw('\n');
    }
    return new Exported(written[0], written[1]);
  }
}
