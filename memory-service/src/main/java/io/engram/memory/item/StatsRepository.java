package io.engram.memory.item;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts and the digest of one namespace's store. */
@Repository
public class StatsRepository {

  private final JdbcClient jdbc;

  public StatsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Call inside a tenant transaction. A namespace never written to has zero everything. */
  public StoreStats stats(String tenant, String namespace) {
    record Counts(long live, long archived, long superseded, long abstractions, long demoted, long tokens) {
    }
    Counts c = jdbc.sql("""
            select count(*) filter (where valid_to is null and not archived),
                   count(*) filter (where archived),
                   count(*) filter (where valid_to is not null),
                   count(*) filter (where kind = 'abstraction' and valid_to is null and not archived),
                   count(*) filter (where demoted and valid_to is null),
                   coalesce(sum(tokens) filter (where valid_to is null and not archived), 0)
            from memory.items where tenant_id = ? and namespace = ?""")
        .params(tenant, namespace)
        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
        .single();
    long[] ns = jdbc.sql("""
            select event_count, ingested_tokens, answers_written_back, answers_using_memory
            from memory.namespaces where tenant_id = ? and name = ?""")
        .params(tenant, namespace).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
        .optional().orElse(new long[] {0, 0, 0, 0});
    double ratio = c.tokens() == 0 ? 0 : Math.round(1000.0 * ns[1] / c.tokens()) / 1000.0;
    return new StoreStats(ns[0], c.live(), c.archived(), c.superseded(), c.abstractions(), c.demoted(), c.tokens(), ns[1],
        ratio, digest(tenant, namespace), ns[2], ns[3]);
  }

  private String digest(String tenant, String namespace) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    jdbc.sql("""
            select i.kind, i.statement, i.subject_key, i.attribute_key, i.value_key, i.valid_from, i.valid_to, i.support,
                   i.archived, i.demoted, i.created_seq,
                   (select string_agg(p.client_id, ',' order by p.client_id) from memory.provenance p where p.item_id = i.id),
                   (select string_agg(m.statement, '|' order by m.created_seq, m.statement) from memory.abstraction_members am
                      join memory.items m on m.id = am.member_id where am.abstraction_id = i.id)
            from memory.items i where i.tenant_id = ? and i.namespace = ?
            order by i.created_seq, i.kind, i.statement, i.valid_from""")
        .params(tenant, namespace)
        .query((ResultSet rs) -> {
          StringBuilder row = new StringBuilder();
          for (int col = 1; col <= 13; col++) {
            Object v = rs.getObject(col);
            row.append(v instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(v)).append('\u001f');
          }
          sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        });
    return HexFormat.of().formatHex(sha.digest());
  }
}
