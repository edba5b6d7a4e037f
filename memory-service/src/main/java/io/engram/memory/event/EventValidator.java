package io.engram.memory.event;

import io.engram.support.web.ProblemException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Checks what callers send before anything is stored, so that a bad request changes nothing: namespace
 * names, event ids, kinds, sizes and times. Every failure is a problem with a stable slug.
 */
public final class EventValidator {

  public static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  public static final Set<String> KINDS = Set.of("interaction", "document", "stream", "note");
  static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
  static final int MAX_ID_CHARS = 200;
  static final int MAX_SOURCES = 100;

  private final int maxChars;

  public EventValidator(int maxChars) {
    this.maxChars = maxChars;
  }

  /** One context passage an interaction used. */
  @Schema(description = "One context passage an interaction used; its text is remembered as knowledge with the"
      + " interaction.")
  public record ContextPassage(
      @Schema(description = "Where the passage comes from (e.g. a chunk id), at most 200 characters; added to the"
          + " event's sources.", maxLength = 200) String sourceId,
      @Schema(description = "The passage's text; a blank one is skipped.") String text) {
  }

  /** An event as a caller sends it (the JSON shape of the events endpoint, the stream lines and Kafka). */
  @Schema(name = "MemoryEvent", description = "An event to remember. text, question and answer together with the"
      + " context passages hold at most engram.memory.max-event-chars characters (20000 by default; more: 413).")
  public record RawEvent(
      @Schema(description = "The event's id, 1 to 200 characters; idempotent: an id seen before in the namespace is a"
          + " duplicate and changes nothing.", requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1,
          maxLength = 200, example = "msg-42")
      String id,
      // described, not an enum: generated clients keep taking strings
      @Schema(description = "What the event is: interaction, document, stream or note. Default: note (on a stream line:"
          + " stream).",
          pattern = "interaction|document|stream|note", defaultValue = "note")
      String kind,
      @Schema(description = "The event's text; an event needs a non-blank text, question or answer.") String text,
      @Schema(description = "The question of an interaction.") String question,
      @Schema(description = "The answer of an interaction.") String answer,
      @ArraySchema(arraySchema = @Schema(description = "The context passages an interaction used, at most 100; kept"
          + " as knowledge only for kind interaction."), maxItems = 100)
      List<ContextPassage> context,
      @Schema(description = "When the event happened: an ISO-8601 date-time with offset, or a date (midnight UTC),"
          + " between year 1000 and one day from now. Default: the time it is received.", example = "2026-03-01T09:30:00Z")
      String eventTime,
      @ArraySchema(arraySchema = @Schema(description = "References to the event's sources (with the context's"
          + " sourceIds at most 100), each at most 200 characters."), maxItems = 100, schema = @Schema(maxLength = 200))
      List<String> sources) {
  }

  public static String namespace(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw ProblemException.badRequest("invalid-namespace", "Namespace '" + namespace + "' must match " + NAMESPACE + ".");
    }
    return namespace;
  }

  public IncomingEvent validate(RawEvent e, Instant now, String payloadJson) {
    if (e == null) {
      throw ProblemException.badRequest("invalid-event", "An event cannot be null.");
    }
    if (e.id() == null || e.id().isBlank() || e.id().length() > MAX_ID_CHARS) {
      throw ProblemException.badRequest("invalid-event-id", "Every event needs an id of 1 to " + MAX_ID_CHARS + " characters.");
    }
    String kind = e.kind() == null ? "note" : e.kind();
    if (!KINDS.contains(kind)) {
      throw ProblemException.badRequest("invalid-event-kind", "Event '" + e.id() + "': kind '" + kind + "' is not one of "
          + KINDS + ".").with("eventId", e.id());
    }
    int chars = length(e.text()) + length(e.question()) + length(e.answer());
    List<String> sources = new ArrayList<>(e.sources() == null ? List.of() : e.sources());
    List<ContextPassage> knowledge = new ArrayList<>();
    if (e.context() != null) {
      if (e.context().size() > MAX_SOURCES) {
        throw ProblemException.badRequest("invalid-context", "Event '" + e.id() + "': at most " + MAX_SOURCES
            + " context passages.").with("eventId", e.id());
      }
      for (ContextPassage p : e.context()) {
        if (p == null) {
          continue;
        }
        chars += length(p.text());
        if (p.sourceId() != null && !p.sourceId().isBlank() && !sources.contains(p.sourceId())) {
          sources.add(p.sourceId());
        }
        if (!blank(p.text())) {
          if (p.sourceId() != null && p.sourceId().length() > MAX_ID_CHARS) {
            throw ProblemException.badRequest("invalid-sources", "Event '" + e.id() + "': a context sourceId is longer than "
                + MAX_ID_CHARS + " characters.").with("eventId", e.id());
          }
          knowledge.add(new ContextPassage(blank(p.sourceId()) ? null : p.sourceId().strip(), p.text().strip()));
        }
      }
    }
    if (chars > maxChars) {
      throw new ProblemException(HttpStatus.valueOf(413), "event-too-large", "Content too large", "Event '" + e.id()
          + "' has " + chars + " characters; the limit is " + maxChars + ".").with("eventId", e.id());
    }
    if (sources.size() > MAX_SOURCES || sources.stream().anyMatch(s -> s == null || s.length() > MAX_ID_CHARS)) {
      throw ProblemException.badRequest("invalid-sources", "Event '" + e.id() + "': at most " + MAX_SOURCES
          + " source references of at most " + MAX_ID_CHARS + " characters each.").with("eventId", e.id());
    }
    boolean hasText = !blank(e.text()) || !blank(e.answer()) || !blank(e.question());
    if (!hasText) {
      throw ProblemException.badRequest("empty-event", "Event '" + e.id() + "' has no text, question or answer.")
          .with("eventId", e.id());
    }
    Instant time = e.eventTime() == null ? now : time(e.eventTime(), "eventTime", now).with(e.id());
    return new IncomingEvent(e.id(), kind, e.text(), e.question(), e.answer(), time, sources, payloadJson,
        "interaction".equals(kind) ? knowledge : List.of());
  }

  /** A result of parsing a time; carries the event id into the problem when it fails. */
  public record ParsedTime(Instant instant, String raw, String field, Instant now) {
    Instant with(String eventId) {
      if (instant == null) {
        throw ProblemException.badRequest("invalid-time", "Event '" + eventId + "': " + field + " '" + raw
            + "' is not an ISO-8601 time between year 1000 and one day from now.").with("eventId", eventId);
      }
      return instant;
    }
  }

  static ParsedTime time(String raw, String field, Instant now) {
    return new ParsedTime(parse(raw, now), raw, field, now);
  }

  /** Parses an ISO-8601 instant, offset date-time or date (midnight UTC) for an {@code asOf}; 400 when invalid. */
  public static Instant asOf(String raw, Instant now) {
    return parseTime("asOf", raw, now);
  }

  /** Parses a recall time parameter ({@code asOf}, {@code knownAt}); 400 naming the field when invalid. */
  public static Instant parseTime(String field, String raw, Instant now) {
    Instant t = parse(raw, now);
    if (t == null) {
      throw ProblemException.badRequest("invalid-time", field + " '" + raw
          + "' is not an ISO-8601 time between year 1000 and one day from now.");
    }
    return t;
  }

  private static Instant parse(String raw, Instant now) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(raw.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        t = LocalDate.parse(raw.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
    if (t.isBefore(EARLIEST) || t.isAfter(now.plusSeconds(86_400))) {
      return null;
    }
    return t;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
