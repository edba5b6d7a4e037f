package io.engram.memory.api;

import static io.engram.memory.api.MemoryHttp.event;
import static io.engram.memory.api.MemoryHttp.events;
import static io.engram.memory.api.MemoryHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.engram.testsupport.TestDatabaseConfiguration;
import io.engram.testsupport.TestIdentities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The memory on real wording, through the HTTP API: news lines from several outlets, a change reported in other
 * words, noise, chat turns, Chinese. The texts are written as outlets and people write, not in the shapes the
 * extractor's patterns read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ActiveProfiles("test")
@Import(TestDatabaseConfiguration.class)
class RealWordingTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired
  TestRestTemplate rest;

  MemoryHttp http;
  String tenant;

  @BeforeEach
  void setUp() {
    http = new MemoryHttp(rest);
    tenant = TestIdentities.uniqueTenant("real");
  }

  static String line(String id, String time, String text) {
    return "{\"id\":\"" + id + "\",\"eventTime\":\"" + time + "\",\"kind\":\"stream\",\"text\":" + JSON.writeValueAsString(text) + "}";
  }

  static final List<String> FINANCE = List.of(
      line("f1", "2024-01-08T09:00:00Z", "NEW YORK (Meridian Wire) - Acme Corp named Jane Doe as its chief executive officer,"
          + " effective immediately."),
      line("f2", "2024-01-08T11:30:00Z", "Acme Corp has named Jane Doe its chief executive officer with immediate effect,"
          + " the company said."),
      line("f3", "2024-04-30T12:00:00Z", "Acme Corp reported quarterly revenue of $4.2bn, up 6% on the year."),
      line("f4", "2024-05-02T08:00:00Z", "Oil prices edged higher in Asian trade as traders weighed supply risks in the Gulf."),
      line("f5", "2024-05-03T08:00:00Z", "Advertisement: Sign up for our free newsletter and never miss a market move."),
      line("f6", "2024-07-15T10:00:00Z", "Acme Corp named John Smith as its chief executive officer after Jane Doe stepped"
          + " down."),
      line("f7", "2024-07-15T14:00:00Z", "Jane Doe resigned as chief executive of Acme Corp; the board appointed John Smith"
          + " to succeed her."));

  ResponseEntity<String> stream(String ns, List<String> lines) {
    return http.post(tenant, "/v1/memory/" + ns + "/stream", String.join("\n", lines), MediaType.parseMediaType("application/x-ndjson"));
  }

  static List<String> statements(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.get("statement").asString()));
    return out;
  }

  @Test
  void whenOutletsReportOneChangeInOtherWordsThenTheStoreMergesSupersedesFiltersAndAnswersWithTheCurrentFact() {
    JsonNode response = json(stream("fin", FINANCE));
    // the advertisement is not a fact, and the response says why
    assertThat(response.get("filtered").asInt()).isEqualTo(1);
    assertThat(response.get("filteredItems").get(0).get("id").asString()).isEqualTo("f5");
    assertThat(response.get("filteredItems").get(0).get("reason").asString()).contains("advertising");

    JsonNode stats = http.stats(tenant, "fin");
    assertThat(stats.get("events").asLong()).isEqualTo(7);
    // the second outlet's report merged, and the old appointment is history, not live
    assertThat(stats.get("liveItems").asLong()).isLessThanOrEqualTo(4);
    assertThat(stats.get("supersededItems").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(stats.get("compressionRatio").asDouble()).isGreaterThan(1.5);

    List<String> now = statements(http.recall(tenant, "fin", "Who is the CEO of Acme?", ""));
    assertThat(now.getFirst()).contains("John Smith");
    assertThat(now).noneMatch(s -> s.contains("Jane Doe") && !s.contains("John Smith"));

    // what was valid then, and what the store believed then
    assertThat(statements(http.recall(tenant, "fin", "Who is the CEO of Acme?", "\"asOf\":\"2024-03-01\"")).getFirst())
        .contains("Jane Doe").doesNotContain("John Smith");
    JsonNode first = http.recall(tenant, "fin", "Who is the CEO of Acme?", "\"asOf\":\"2024-03-01\"").get(0);
    assertThat(first.get("support").asInt()).isEqualTo(2);
    assertThat(first.get("provenance").findValuesAsString("eventId")).contains("f1", "f2");

    // decisions and left-out sentences are counted by kind and reason for the operators
    String metrics = rest.getForObject("/actuator/prometheus", String.class);
    assertThat(metrics).contains("engram_memory_decisions_total{decision=\"SUPERSEDE\"")
        .contains("engram_memory_filtered_total{reason=\"advertising\"");
  }

  @Test
  void whenALongReportOfAnActingHolderStaysLiveThenTheLaterHolderOfTheAskedRoleRanksFirst() {
    // the acting head's report says more than who holds the post (when, why, until when), so the write path keeps it
    // live; recall still ranks the later holder of the post the question names first, and says why
    stream("school", List.of(
        line("s1", "2024-06-20T09:00:00Z", "Riverside Academy said deputy head Tom Baker will serve as acting head teacher"
            + " from September, when Dr. Ann Lee retires, until the governors appoint a permanent successor."),
        line("s2", "2024-09-02T09:00:00Z", "The academy's new science block opened on Monday with twelve laboratories."),
        line("s3", "2025-01-06T09:00:00Z", "Maria Gomez took over as head teacher of Riverside Academy on Monday, telling"
            + " parents that reading and attendance would be her first priorities.")));

    JsonNode recalled = http.recall(tenant, "school", "Who is the head teacher of Riverside Academy?", "\"explain\":true");
    List<String> now = statements(recalled);
    assertThat(now.getFirst()).contains("Maria Gomez");
    assertThat(now).anyMatch(s -> s.contains("Tom Baker"));
    JsonNode older = null;
    for (JsonNode r : recalled) {
      if (r.get("statement").asString().contains("Tom Baker")) {
        older = r;
      }
    }
    assertThat(older.get("explanation").has("newerReport")).isTrue();
    // asked for the time the acting head held the post, recall still gives him
    assertThat(statements(http.recall(tenant, "school", "Who is the head teacher of Riverside Academy?",
        "\"asOf\":\"2024-10-01\"")).getFirst()).contains("Tom Baker");
  }

  @Test
  void whenAChineseReportNamesALaterHolderOfTheAskedPostThenItRanksFirst() {
    // the first report says more than who heads the hospital, so it stays live; the later appointment names another
    // holder of the post the question asks about (read from HanLP's tags: a title, a person, a take-post word)
    stream("hospital", List.of(
        line("h1", "2024-02-10T09:00:00Z", "市第一人民医院院长周文涛表示，医院将在年内完成新门诊楼建设，并新增三百张床位。"),
        line("h2", "2024-05-18T09:00:00Z", "市第一人民医院今年门诊量同比增长百分之十二。"),
        line("h3", "2025-01-08T09:00:00Z", "卫健委昨日召开干部大会，宣布任命孙晓岚为第一人民医院院长，会议还部署了今冬流感防控、基层医疗机构改造和家庭医生签约服务等工作。")));
    List<String> now = statements(http.recall(tenant, "hospital", "市第一人民医院的院长是谁？", ""));
    assertThat(now.getFirst()).contains("孙晓岚");
    // before the appointment, the later holder is not there at all, and a later report on the hospital that does not
    // speak of the post (its outpatient figures) does not push the holder down
    assertThat(statements(http.recall(tenant, "hospital", "市第一人民医院的院长是谁？", "\"asOf\":\"2024-06-01\"")))
        .noneMatch(s -> s.contains("孙晓岚")).first(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("周文涛");
  }

  @Test
  void whenAChineseQuestionAbbreviatesAWordThenTheStatementThatWritesItOutStillMatchesIt() {
    // "营收" (question) is segmented into 营 / 收, "营业收入" (statement) into 营业 / 收入: the characters are matched as written
    stream("targets", List.of(
        line("g1", "2024-03-28T09:00:00Z", "公司提出2024年营业收入目标为60亿元。"),
        line("g2", "2024-03-29T09:00:00Z", "启明乳业在内蒙古新建一座万头牧场。")));
    JsonNode recalled = http.recall(tenant, "targets", "启明乳业2024年的营收目标是多少？", "\"explain\":true");
    JsonNode target = null;
    for (JsonNode r : recalled) {
      if (r.get("statement").asString().contains("营业收入")) {
        target = r;
      }
    }
    assertThat(target).isNotNull();
    List<String> matched = new java.util.ArrayList<>();
    target.get("explanation").get("lexical").get("matchedTerms").forEach(t -> matched.add(t.asString()));
    assertThat(matched).contains("营", "收", "目标");
    assertThat(recalled.get(0).get("statement").asString()).contains("60亿元");
  }

  @Test
  void whenItemsAreListedThenLiveOnesComeByDefaultAndHistoryOnRequestPageByPage() {
    stream("list", FINANCE);
    JsonNode live = json(http.get(tenant, "/v1/memory/list/items"));
    long liveItems = http.stats(tenant, "list").get("liveItems").asLong();
    assertThat(live.get("items").size()).isEqualTo((int) liveItems);
    assertThat(live.has("next")).isFalse();
    assertThat(live.get("items").findValuesAsString("validTo")).isEmpty();
    JsonNode all = json(http.get(tenant, "/v1/memory/list/items?includeHistory=true&limit=2"));
    assertThat(all.get("items").size()).isEqualTo(2);
    assertThat(all.get("next").asLong()).isEqualTo(2);
    int total = 0;
    boolean closedSeen = false;
    for (long offset = 0; ; ) {
      JsonNode page = json(http.get(tenant, "/v1/memory/list/items?includeHistory=true&limit=2&offset=" + offset));
      total += page.get("items").size();
      closedSeen |= !page.get("items").findValuesAsString("supersededBy").isEmpty();
      if (!page.has("next")) {
        break;
      }
      offset = page.get("next").asLong();
    }
    assertThat(total).isGreaterThan((int) liveItems);
    assertThat(closedSeen).isTrue();
    assertThat(http.get(tenant, "/v1/memory/list/items?limit=0").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // another tenant sees none of them
    assertThat(json(http.get(TestIdentities.uniqueTenant("other"), "/v1/memory/list/items")).get("items").size()).isZero();
  }

  @Test
  void whenAStatementIsHeldAlreadyThenItIsANoopThatRaisesSupport() {
    stream("noop", List.of(line("a", "2024-02-01T00:00:00Z", "Globex opened a research lab in Porto with 120 engineers.")));
    JsonNode second = json(stream("noop", List.of(line("b", "2024-02-03T00:00:00Z",
        "Globex opened a research lab in Porto with 120 engineers."))));
    assertThat(second.get("accepted").asInt()).isEqualTo(1);
    JsonNode item = http.recall(tenant, "noop", "Globex research lab", "").get(0);
    assertThat(item.get("support").asInt()).isEqualTo(2);
    JsonNode detail = json(http.get(tenant, "/v1/memory/noop/items/" + item.get("id").asString()));
    assertThat(detail.get("history").findValuesAsString("action")).contains("ADDED", "NOOP");
    assertThat(http.stats(tenant, "noop").get("liveItems").asLong()).isEqualTo(1);
  }

  @Test
  void whenFiguresDifferThenStatementsNeverMerge() {
    stream("figures", List.of(
        line("q1", "2024-04-30T00:00:00Z", "Brightwater reported first-quarter revenue of $4.2bn."),
        line("q1b", "2024-04-30T02:00:00Z", "Vantor Systems reported first-quarter revenue of $4.2bn."),
        line("q2", "2024-07-30T00:00:00Z", "Brightwater reported second-quarter revenue of $4.5bn.")));
    JsonNode stats = http.stats(tenant, "figures");
    // three facts: another company with the same figure is not a restatement, another figure is not a paraphrase
    assertThat(stats.get("liveItems").asLong() + stats.get("supersededItems").asLong()).isEqualTo(3);
    // figures of two periods both stay true: the latest first, the one a question names by its period first for it
    assertThat(stats.get("liveItems").asLong()).isEqualTo(3);
    List<String> latest = statements(http.recall(tenant, "figures", "What is Brightwater's quarterly revenue?", ""));
    assertThat(latest.getFirst()).contains("4.5");
    assertThat(statements(http.recall(tenant, "figures", "What was Brightwater's revenue in the first quarter?", "")).getFirst())
        .contains("Brightwater").contains("4.2");
  }

  @Test
  void whenKnownAtIsGivenThenRecallShowsWhatTheStoreBelievedAtThatSystemTime() throws InterruptedException {
    stream("known", List.of(line("k1", "2024-01-01T00:00:00Z", "Initech's headquarters are in Austin, Texas.")));
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    stream("known", List.of(line("k2", "2024-06-01T00:00:00Z", "Initech's headquarters are in Denver, Colorado.")));
    assertThat(statements(http.recall(tenant, "known", "Where are Initech's headquarters?", "")).getFirst()).contains("Denver");
    List<String> believed = statements(http.recall(tenant, "known", "Where are Initech's headquarters?",
        "\"knownAt\":\"" + between + "\""));
    assertThat(believed.getFirst()).contains("Austin");
    assertThat(believed).noneMatch(s -> s.contains("Denver"));
    ResponseEntity<String> bad = http.post(tenant, "/v1/memory/known/recall", "{\"query\":\"x\",\"knownAt\":\"yesterday\"}");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().toString()).contains("problem");
    assertThat(bad.getBody()).contains("knownAt");
  }

  @Test
  void whenChatTurnsArriveThenFactsNameTheSpeakerWithDatesResolvedAndGreetingsDropped() {
    http.post(tenant, "/v1/memory/chat/events", "{\"events\":["
        + "{\"id\":\"t1\",\"kind\":\"interaction\",\"text\":\"Mira: Hey Tom! Good to see you!\",\"eventTime\":\"2023-05-08T13:56:00Z\"},"
        + "{\"id\":\"t2\",\"kind\":\"interaction\",\"text\":\"Tom: Hi Mira, how have you been?\",\"eventTime\":\"2023-05-08T13:57:00Z\"},"
        + "{\"id\":\"t3\",\"kind\":\"interaction\",\"text\":\"Mira: I ran my first half marathon in Leeds yesterday, 1:54 on the"
        + " clock!\",\"eventTime\":\"2023-05-08T13:58:00Z\"}]}");
    JsonNode stats = http.stats(tenant, "chat");
    assertThat(stats.get("events").asLong()).isEqualTo(3);
    assertThat(stats.get("liveItems").asLong()).isEqualTo(1);
    String fact = http.recall(tenant, "chat", "When did Mira run the half marathon?", "").get(0).get("statement").asString();
    assertThat(fact).contains("Mira ran Mira's first half marathon").contains("7 May 2023").doesNotContain("yesterday");
  }

  @Test
  void whenChineseReportsArriveThenTheyMergeAndChangeLikeEnglishOnes() {
    stream("zh", List.of(
        line("z1", "2024-03-01T00:00:00Z", "华星科技集团宣布任命李明为公司总经理。"),
        line("z2", "2024-03-01T03:00:00Z", "华星科技集团今日宣布，任命李明担任总经理一职。"),
        line("z3", "2024-03-02T00:00:00Z", "点击关注我们的公众号，获取更多财经资讯。"),
        line("z4", "2024-09-01T00:00:00Z", "华星科技集团宣布任命王芳为公司总经理。")));
    JsonNode stats = http.stats(tenant, "zh");
    assertThat(stats.get("events").asLong()).isEqualTo(4);
    assertThat(stats.get("liveItems").asLong()).isEqualTo(1);
    List<String> now = statements(http.recall(tenant, "zh", "华星科技集团的总经理是谁？", ""));
    assertThat(now.getFirst()).contains("王芳");
    assertThat(statements(http.recall(tenant, "zh", "华星科技集团的总经理是谁？", "\"asOf\":\"2024-05-01\"")).getFirst())
        .contains("李明");
  }

  @Test
  void whenInputIsBadThenProblemsOrRejectionsAndNothingStoredIsLost() {
    stream("bad", List.of(line("ok", "2024-01-01T00:00:00Z", "Globex moved its headquarters to Lisbon in January 2024.")));
    JsonNode r = json(stream("bad", List.of(
        "{not json",
        "{\"id\":\"k\",\"kind\":\"gossip\",\"text\":\"Globex moved again.\"}",
        "{\"id\":\"future\",\"eventTime\":\"2999-01-01T00:00:00Z\",\"text\":\"Globex will move to Mars.\"}",
        "{\"id\":\"big\",\"text\":\"" + "word ".repeat(1200) + "\"}",
        line("ok", "2024-01-01T00:00:00Z", "Globex moved its headquarters to Lisbon in January 2024."))));
    assertThat(r.get("rejected").size()).isEqualTo(4);
    assertThat(r.get("rejected").findValuesAsString("message")).anyMatch(m -> m.contains("malformed"))
        .anyMatch(m -> m.contains("gossip")).anyMatch(m -> m.contains("eventTime")).anyMatch(m -> m.contains("5000"));
    assertThat(r.get("duplicates").asInt()).isEqualTo(1);
    // an asOf before any data is no error: nothing was valid then
    assertThat(http.recall(tenant, "bad", "Where is Globex based?", "\"asOf\":\"1990-01-01\"").size()).isZero();
    JsonNode stats = http.stats(tenant, "bad");
    assertThat(stats.get("events").asLong()).isEqualTo(1);
    assertThat(stats.get("liveItems").asLong()).isEqualTo(1);
  }
}
