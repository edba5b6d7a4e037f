package io.engram.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.engram.retrieval.RetrievalApi;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Parent/child ("small-to-big") collections on the real database with the default ONNX model: children are indexed
 * for BM25 and vectors, a search returns each parent once with its text and the places of its matching children
 * (which the chunk lookup resolves to the same words), replacing and deleting a document takes its parents along,
 * another tenant sees none of it, and bad settings are 400 problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class ParentChildSearchTests {

  static final String CELLS = """
      # Cell biology

      ## Mitochondria

      Mitochondria are membrane-bound organelles found in most eukaryotic cells. They produce most of the cell's
      supply of adenosine triphosphate (ATP) through oxidative phosphorylation on the inner membrane. The inner
      membrane is folded into cristae, which enlarge its surface. Mitochondria carry their own circular genome,
      inherited from the mother in most animals. They divide by fission and fuse with each other, and a cell under
      stress removes damaged ones by mitophagy. Calcium signalling and apoptosis also depend on them.

      ## Chloroplasts

      Chloroplasts capture light energy in plants and algae. Photosynthesis in their thylakoid membranes splits water
      and releases oxygen, and the Calvin cycle in the stroma fixes carbon dioxide into sugars. Like mitochondria they
      descend from bacteria taken up by an ancestral cell, and they keep a small genome of their own. Their green
      colour comes from chlorophyll, which absorbs red and blue light and reflects green.
      """;

  @Autowired
  TestRestTemplate http;

  @Autowired
  TenantTransactions tenants;

  @Autowired
  JdbcClient jdbc;

  private static Map<String, Object> parentChild(Integer parentTokens, Integer childTokens, Integer overlap) {
    Map<String, Object> chunking = new LinkedHashMap<>();
    chunking.put("strategy", "parent-child");
    if (parentTokens != null) {
      chunking.put("parentTokens", parentTokens);
    }
    if (childTokens != null) {
      chunking.put("childTokens", childTokens);
    }
    if (overlap != null) {
      chunking.put("childOverlapTokens", overlap);
    }
    return chunking;
  }

  private static Map<String, Object> markdown(String id, String text) {
    return Map.of("id", id, "title", "Organelles", "text", text, "format", "markdown");
  }

  private long count(String tenant, String sql) {
    return tenants.inTenant(tenant, () -> jdbc.sql(sql).query(Long.class).single());
  }

  @Test
  void aSearchReturnsEachParentOnceWithThePlacesOfItsMatchingChildren() {
    String tenant = TestIdentities.uniqueTenant("s2b");
    RetrievalApi api = new RetrievalApi(http, tenant);
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections",
        Map.of("name", "cells", "chunking", parentChild(64, 16, null)));
    assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
    JsonNode chunking = RetrievalApi.json(created).get("chunking");
    assertThat(chunking.get("strategy").asString()).isEqualTo("parent-child");
    assertThat(chunking.get("parentTokens").asInt()).isEqualTo(64);
    assertThat(chunking.get("childTokens").asInt()).isEqualTo(16);
    assertThat(chunking.get("childOverlapTokens").asInt()).isEqualTo(7); // default: 16, at most (childTokens - 1) / 2
    assertThat(api.ingest("cells", List.of(markdown("cells", CELLS))).get("succeeded").asInt()).isEqualTo(1);

    long parents = count(tenant, "select count(*) from chunk_parents");
    long children = count(tenant, "select count(*) from chunks");
    assertThat(parents).isGreaterThanOrEqualTo(4); // two sections of ~100 tokens, parents of at most 64
    assertThat(children).isGreaterThan(2 * parents);
    assertThat(count(tenant, "select count(*) from chunks where parent_id is null or embedding is null")).isZero();
    assertThat(count(tenant, "select count(distinct chunk_id) from postings")).isEqualTo(children);
    assertThat(RetrievalApi.json(api.call(HttpMethod.GET, "/v1/collections/cells", null)).get("chunkCount").asLong())
        .isEqualTo(children);

    JsonNode hits = RetrievalApi.json(api.search("cells", Map.of("query",
        "Which organelle makes ATP by oxidative phosphorylation?", "topK", 50, "explain", true))).get("hits");
    // one hit per parent: every stored parent at most once, however many of its children were recalled
    Set<Long> seen = new HashSet<>();
    for (JsonNode hit : hits) {
      assertThat(seen.add(hit.get("parentId").asLong())).as("parent %s twice", hit.get("parentId")).isTrue();
    }
    assertThat(hits.size()).isEqualTo((int) parents);
    JsonNode best = hits.get(0);
    assertThat(best.get("text").asString()).contains("oxidative phosphorylation");
    assertThat(best.get("explanation").get("paths").has("bm25")).isTrue();
    assertThat(best.get("explanation").get("paths").has("dense")).isTrue();
    assertThat(best.get("explanation").get("parent").get("id").asLong()).isEqualTo(best.get("parentId").asLong());

    // every match is a child of the hit's parent, best first, the first the hit's own chunk; its place in the parent's
    // text holds exactly the child's words, as the chunk lookup (what citations follow) returns them
    List<Long> childIds = new ArrayList<>();
    for (JsonNode hit : hits) {
      JsonNode matches = hit.get("matches");
      assertThat(matches.size()).isGreaterThanOrEqualTo(1);
      assertThat(matches.get(0).get("chunkId").asLong()).isEqualTo(hit.get("chunkId").asLong());
      assertThat(matches.get(0).get("score").asDouble()).isEqualTo(hit.get("score").asDouble());
      for (JsonNode m : matches) {
        childIds.add(m.get("chunkId").asLong());
      }
    }
    assertThat(best.get("matches").size()).isGreaterThan(1);
    JsonNode looked = RetrievalApi.json(api.call(HttpMethod.POST, "/v1/collections/cells/chunks/lookup",
        Map.of("ids", childIds.subList(0, Math.min(childIds.size(), 100)))));
    Map<Long, String> childText = new LinkedHashMap<>();
    for (JsonNode c : looked.get("chunks")) {
      childText.put(c.get("chunkId").asLong(), c.get("text").asString());
    }
    for (JsonNode hit : hits) {
      String text = hit.get("text").asString();
      for (JsonNode m : hit.get("matches")) {
        String child = childText.get(m.get("chunkId").asLong());
        assertThat(text.substring(m.get("start").asInt(), m.get("end").asInt())).isEqualTo(child);
        assertThat(child.length()).isLessThan(text.length());
      }
    }
    // the lookup names each child's parent
    assertThat(looked.get("chunks").get(0).get("parentId").asLong()).isEqualTo(best.get("parentId").asLong());

    // MMR reranks the parents (with their best child's vector), still one hit per parent
    JsonNode mmr = RetrievalApi.json(api.search("cells", Map.of("query", "chloroplast photosynthesis", "rerank", "mmr")))
        .get("hits");
    assertThat(mmr.get(0).get("text").asString()).contains("Photosynthesis");
    assertThat(mmr.findValues("parentId").stream().map(JsonNode::asLong).distinct().count()).isEqualTo(mmr.size());

    // a BM25-only path finds children too, grouped the same way
    JsonNode lexical = RetrievalApi.json(api.search("cells", Map.of("query", "cristae mitophagy fission",
        "paths", List.of("bm25")))).get("hits");
    assertThat(lexical.get(0).get("text").asString()).contains("cristae");
    assertThat(lexical.findValues("parentId").stream().map(JsonNode::asLong).distinct().count()).isEqualTo(lexical.size());
  }

  @Test
  void replacingOrDeletingADocumentTakesItsParentsAlongAndAnotherTenantSeesNone() {
    String tenant = TestIdentities.uniqueTenant("s2b");
    RetrievalApi api = new RetrievalApi(http, tenant);
    assertThat(api.call(HttpMethod.POST, "/v1/collections", Map.of("name", "cells", "chunking", parentChild(48, 24, 0)))
        .getStatusCode().value()).isEqualTo(201);
    api.ingest("cells", List.of(markdown("a", CELLS), markdown("b", "## Ribosomes\n\nRibosomes translate messenger RNA into"
        + " protein. They read codons three bases at a time and join amino acids brought by transfer RNA.")));
    List<Long> before = tenants.inTenant(tenant, () -> jdbc.sql("select id from chunk_parents order by id").query(Long.class).list());
    assertThat(before).hasSizeGreaterThan(2);

    // another tenant: no collection of that name, no parent rows visible even without a filter
    String other = TestIdentities.uniqueTenant("s2b-other");
    RetrievalApi stranger = new RetrievalApi(http, other);
    assertThat(stranger.search("cells", Map.of("query", "mitochondria")).getStatusCode().value()).isEqualTo(404);
    assertThat(count(other, "select count(*) from chunk_parents")).isZero();
    stranger.call(HttpMethod.POST, "/v1/collections", Map.of("name", "cells", "chunking", parentChild(null, null, null)));
    stranger.ingest("cells", List.of(markdown("a", "## Golgi\n\nThe Golgi apparatus packages proteins into vesicles.")));
    JsonNode theirs = RetrievalApi.json(stranger.search("cells", Map.of("query", "mitochondria ATP"))).get("hits");
    assertThat(theirs.findValuesAsString("text")).allSatisfy(t -> assertThat(t).doesNotContain("Mitochondria"));

    // a changed document gets new parents, the old ones are gone with their children
    api.ingest("cells", List.of(markdown("a", "## Nucleus\n\nThe nucleus holds the chromosomes and is wrapped in a double"
        + " membrane with pores that let RNA out.")));
    List<Long> after = tenants.inTenant(tenant, () -> jdbc.sql("select id from chunk_parents order by id").query(Long.class).list());
    assertThat(after).doesNotContainAnyElementsOf(before.subList(0, before.size() - 1)).hasSize(2);
    assertThat(count(tenant, "select count(*) from chunks c left join chunk_parents p on p.id = c.parent_id where p.id is null"))
        .isZero();
    JsonNode hit = RetrievalApi.json(api.search("cells", Map.of("query", "chromosomes nucleus"))).get("hits").get(0);
    assertThat(hit.get("text").asString()).startsWith("The nucleus holds the chromosomes");

    assertThat(api.call(HttpMethod.DELETE, "/v1/collections/cells/documents/a", null).getStatusCode().value()).isEqualTo(204);
    assertThat(count(tenant, "select count(*) from chunk_parents")).isEqualTo(1); // b's
    assertThat(count(other, "select count(*) from chunk_parents")).isEqualTo(1); // the stranger's, untouched
  }

  @Test
  void aStandardCollectionIsUnchangedAndBadChunkingIsA400Problem() {
    String tenant = TestIdentities.uniqueTenant("s2b");
    RetrievalApi api = new RetrievalApi(http, tenant);
    ResponseEntity<String> created = api.call(HttpMethod.POST, "/v1/collections", Map.of("name", "plain"));
    assertThat(RetrievalApi.json(created).get("chunking").get("strategy").asString()).isEqualTo("standard");
    api.ingest("plain", List.of(markdown("a", CELLS)));
    JsonNode hit = RetrievalApi.json(api.search("plain", Map.of("query", "oxidative phosphorylation"))).get("hits").get(0);
    assertThat(hit.has("parentId")).isFalse();
    assertThat(hit.has("matches")).isFalse();
    assertThat(count(tenant, "select count(*) from chunk_parents")).isZero();

    record Case(Object chunking, String detail) {
    }
    List<Case> cases = List.of(
        new Case(Map.of("strategy", "sentence-window"), "Unknown chunking strategy"),
        new Case(Map.of("strategy", "standard", "childTokens", 64), "parent-child strategy only"),
        new Case(Map.of("childTokens", 64), "parent-child strategy only"),
        new Case(parentChild(128, 128, null), "parentTokens must be more than childTokens"),
        new Case(parentChild(100_000, null, null), "parentTokens must be more than childTokens"),
        new Case(parentChild(null, 8, null), "childTokens must be between"),
        new Case(parentChild(null, -1, null), "childTokens must be between"),
        new Case(parentChild(null, 64, 32), "childOverlapTokens must be"),
        new Case(parentChild(null, 64, -1), "childOverlapTokens must be"));
    int n = 0;
    for (Case c : cases) {
      ResponseEntity<String> r = api.call(HttpMethod.POST, "/v1/collections", Map.of("name", "bad-" + n++, "chunking", c.chunking()));
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
      assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
      JsonNode problem = RetrievalApi.json(r);
      assertThat(problem.get("type").asString()).isEqualTo("https://engram.dev/problems/invalid-chunking");
      assertThat(problem.get("detail").asString()).contains(c.detail());
    }
    // a body that is not the settings' shape is a 400 problem as well, and nothing was created
    for (String body : List.of("{\"name\":\"bad-shape\",\"chunking\":\"parent-child\"}",
        "{\"name\":\"bad-shape\",\"chunking\":{\"strategy\":\"parent-child\",\"childTokens\":\"many\"}}")) {
      ResponseEntity<String> r = api.call(HttpMethod.POST, "/v1/collections", body);
      assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(400);
      assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
    }
    assertThat(RetrievalApi.json(api.call(HttpMethod.GET, "/v1/collections", null)).findValuesAsString("name"))
        .containsExactly("plain");
  }
}
