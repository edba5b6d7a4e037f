package io.engram.memory.decide;

import io.engram.memory.decide.Neighbours.Near;
import io.engram.memory.extract.Statement;
import io.engram.memory.item.MemoryItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model mode's decisions, Mem0-style: the model sees one new fact and the existing items nearest to it (numbered
 * "0", "1", ... so that it never handles real ids) and answers in structured output (OpenAI JSON schema) ADD,
 * UPDATE (the new fact supersedes item N, which keeps its history), DELETE (the fact ends item N: its validity
 * closes, nothing is erased) or NOOP (item N already says it), with its reason. The answer is validated: an unknown
 * event, an id that is not among the numbers given, an UPDATE of a closed item or unreadable JSON is refused, and
 * the caller falls back to the offline rules. The model's reason goes into the item's history.
 */
public final class ChatDecider {

  static final String SCHEMA = """
      {"type":"object","properties":{
        "event":{"type":"string","enum":["ADD","UPDATE","DELETE","NOOP"]},
        "id":{"type":["string","null"]},
        "reason":{"type":"string"}},
       "required":["event","id","reason"],"additionalProperties":false}""";

  static final String INSTRUCTIONS = """
      You maintain a memory of facts. Compare the new fact with the existing memories and answer with one decision:
      ADD (new information), UPDATE (the new fact replaces memory <id>: same subject and relation, changed value),
      DELETE (the new fact says memory <id> is no longer true, without replacing it), NOOP (memory <id> already says it).
      Answer JSON {"event": ..., "id": "<id of the memory, null for ADD>", "reason": "<one short sentence>"}.
      """;

  /** Why a model answer was refused. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final ChatModel chat;
  private final JsonMapper json = JsonMapper.builder().build();

  public ChatDecider(ChatModel chat) {
    this.chat = chat;
  }

  /**
   * The model's decision for {@code s} against {@code neighbours}.
   *
   * @throws Refused when the model fails or its answer does not validate (the caller keeps the offline decision)
   */
  public Decision decide(Statement s, Instant eventTime, List<Near> neighbours) {
    Map<String, MemoryItem> byNumber = new LinkedHashMap<>();
    StringBuilder memories = new StringBuilder();
    for (Near near : neighbours) {
      String number = String.valueOf(byNumber.size());
      byNumber.put(number, near.item());
      memories.append("- id ").append(number).append(": ").append(near.item().statement())
          .append(near.item().validTo() == null ? "" : " (no longer current)").append('\n');
    }
    String text = INSTRUCTIONS + "Existing memories:\n" + (memories.isEmpty() ? "(none)\n" : memories) + "New fact: " + s.text();
    String answer;
    try {
      answer = chat.call(new Prompt(text, options())).getResult().getOutput().getText();
    } catch (RuntimeException e) {
      throw new Refused("model call failed: " + e.getMessage());
    }
    JsonNode node;
    try {
      node = json.readTree(answer == null ? "" : answer.strip());
    } catch (RuntimeException e) {
      throw new Refused("model answer is not JSON: " + abbreviate(answer));
    }
    String event = node.path("event").asString("");
    String reason = "model: " + node.path("reason").asString("(no reason)");
    JsonNode idNode = node.get("id");
    String id = idNode == null || idNode.isNull() ? null : idNode.asString();
    if (event.equals("ADD")) {
      return new Decision.Add(null, reason);
    }
    if (!List.of("UPDATE", "DELETE", "NOOP").contains(event)) {
      throw new Refused("unknown decision '" + event + "'");
    }
    MemoryItem target = id == null ? null : byNumber.get(id);
    if (target == null) {
      throw new Refused(event + " names id '" + id + "', which is not among the " + byNumber.size() + " memories given");
    }
    return switch (event) {
      case "NOOP" -> new Decision.Noop(target, reason);
      case "DELETE" -> {
        if (target.validTo() != null) {
          throw new Refused("DELETE of memory " + id + ", which is no longer current");
        }
        yield new Decision.Close(target, reason);
      }
      default -> {
        if (target.validTo() != null) {
          throw new Refused("UPDATE of memory " + id + ", which is no longer current");
        }
        yield eventTime.isBefore(target.validFrom()) ? new Decision.Add(target, reason + " (earlier value, closed where the newer begins)")
            : new Decision.Supersede(target, reason);
      }
    };
  }

  private ChatOptions options() {
    if (chat instanceof OpenAiChatModel) {
      return OpenAiChatOptions.builder().responseFormat(OpenAiChatModel.ResponseFormat.builder()
          .type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA).jsonSchema(SCHEMA).strict(true).build()).build();
    }
    return ChatOptions.builder().build();
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
