package io.engram.memory.extract;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LLM extraction through a Spring AI {@link ChatModel}: the model lists atomic facts as JSON
 * ({@code [{"statement", "subject", "attribute", "value"}]}); subject, attribute and value are normalized into
 * keys exactly as offline, so conflicts and merges are decided by the same rules. Episodes of interactions
 * come from the offline extractor. When the model fails or answers something unreadable, the offline
 * extractor's statements are used: a write never fails because a model did.
 */
public final class ChatStatementExtractor implements StatementExtractor {

  private static final Logger log = LoggerFactory.getLogger(ChatStatementExtractor.class);

  static final String INSTRUCTIONS = """
      Extract the durable facts stated in the text below as a JSON array, nothing else. Each element:
      {"statement": one self-contained sentence (resolve pronouns), "subject": who or what it is about,
       "attribute": the property (e.g. city, employer, budget), "value": the value as written}.
      Leave subject, attribute and value null for a fact that is not a property of something.
      Skip greetings, questions and opinions.
      Text:
      """;

  private final ChatModel chat;
  private final PatternStatementExtractor offline;
  private final JsonMapper json = JsonMapper.builder().build();

  public ChatStatementExtractor(ChatModel chat, PatternStatementExtractor offline) {
    this.chat = chat;
    this.offline = offline;
  }

  @Override
  public List<Statement> extract(EventText event) {
    List<Statement> offlineStatements = offline.extract(event);
    String body = String.join("\n", nonNull(event.answer()), nonNull(event.text())).strip();
    if (body.isEmpty()) {
      return offlineStatements;
    }
    try {
      String answer = chat.call(new Prompt(INSTRUCTIONS + body)).getResult().getOutput().getText();
      List<Statement> out = new ArrayList<>(offlineStatements.stream().filter(s -> s.kind().equals("episode")).toList());
      out.addAll(parse(answer));
      return out;
    } catch (RuntimeException e) {
      log.warn("LLM extraction failed, using the offline extractor: {}", e.getMessage());
      return offlineStatements;
    }
  }

  List<Statement> parse(String answer) {
    String text = answer == null ? "" : answer.strip();
    int start = text.indexOf('[');
    int end = text.lastIndexOf(']');
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no JSON array in the model's answer");
    }
    JsonNode array = json.readTree(text.substring(start, end + 1));
    List<Statement> out = new ArrayList<>();
    for (JsonNode f : array) {
      String statement = f.path("statement").asString("").strip();
      if (statement.isEmpty()) {
        continue;
      }
      String subject = f.path("subject").asString(null);
      String attribute = f.path("attribute").asString(null);
      String value = f.path("value").asString(null);
      if (subject != null && attribute != null && value != null && !Terms.key(subject).isEmpty()
          && !Terms.key(attribute).isEmpty() && !PatternStatementExtractor.valueKey(value).isEmpty()) {
        out.add(new Statement(statement, "fact", subject, Terms.key(subject), attribute,
            AttributeLexicon.canonical(attribute).orElse(Terms.key(attribute)), value,
            PatternStatementExtractor.valueKey(value), Values.numbers(statement), Values.dates(statement)));
      } else {
        out.add(Statement.plain(statement, "fact", Values.numbers(statement), Values.dates(statement)));
      }
    }
    return out;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
