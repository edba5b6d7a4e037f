package io.engram.memory.stream;

import io.engram.memory.event.EventRepository;
import io.engram.memory.event.EventValidator;
import io.engram.memory.event.EventValidator.RawEvent;
import io.engram.memory.event.IncomingEvent;
import io.engram.memory.event.MemoryWriter;
import io.engram.memory.event.WriteResult;
import io.engram.support.tenancy.TenantTransactions;
import io.engram.support.web.ProblemException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stream items, from NDJSON lines or Kafka records, into the write path: parse, validate, filter, write, one
 * item at a time (so a near-duplicate of an earlier line of the same request is seen). A malformed or
 * invalid item is rejected and reported; an item in which the extractor found no knowledge (an advertisement,
 * boilerplate, greetings) is stored as seen but reported as filtered with the reasons; the others go on.
 */
@Service
public class StreamIntake {

  /** What one stream request did. */
  public record Outcome(int accepted, int duplicates, int filtered, List<Rejection> rejected, List<Filtered> filteredItems) {
  }

  /** A line that was not accepted: its 1-based line number, its id when it had one, why. */
  @Schema(name = "RejectedLine", description = "A line that was not accepted.")
  public record Rejection(@Schema(description = "The line's number, from 1.") int line,
      @Schema(description = "The event's id, when the line had one.") String id,
      @Schema(description = "Why it was not accepted.") String message) {
  }

  /** A line the filter dropped. */
  @Schema(name = "FilteredLine", description = "A line that was filtered: dropped, or stored with nothing in it to remember.")
  public record Filtered(@Schema(description = "The line's number, from 1.") int line,
      @Schema(description = "The event's id.") String id,
      @Schema(description = "Why: the filter's reason, or the reasons its sentences were left out (e.g. 'question').") String reason) {
  }

  private static final String DUPLICATE = "duplicate";

  private final EventRepository events;
  private final JsonMapper json;
  private final EventValidator validator;
  private final StreamFilter filter;
  private final MemoryWriter writer;
  private final TenantTransactions tenants;
  private final Clock clock;

  public StreamIntake(EventRepository events, JsonMapper json, EventValidator validator, StreamFilter filter, MemoryWriter writer,
      TenantTransactions tenants, Clock clock) {
    this.events = events;
    this.json = json;
    this.validator = validator;
    this.filter = filter;
    this.writer = writer;
    this.tenants = tenants;
    this.clock = clock;
  }

  public Outcome ingest(String tenant, String namespace, List<String> lines) {
    int accepted = 0;
    int duplicates = 0;
    List<Rejection> rejected = new ArrayList<>();
    List<Filtered> filtered = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      RawEvent raw;
      IncomingEvent event;
      try {
        raw = json.readValue(line, RawEvent.class);
        event = validator.validate(raw == null ? null : new RawEvent(raw.id(), raw.kind() == null ? "stream" : raw.kind(),
            raw.text(), raw.question(), raw.answer(), raw.context(), raw.eventTime(), raw.sources()), clock.instant(), line);
      } catch (ProblemException e) {
        rejected.add(new Rejection(i + 1, idOf(line), e.getBody().getDetail()));
        continue;
      } catch (RuntimeException e) {
        rejected.add(new Rejection(i + 1, null, "malformed JSON: " + firstLine(e.getMessage())));
        continue;
      }
      // a replayed id is a duplicate, not a near-duplicate: idempotency first, then the filter
      Optional<String> drop = tenants.inTenant(tenant, () -> events.exists(tenant, namespace, event.clientId())
          ? Optional.of(DUPLICATE)
          : filter.reject(tenant, namespace, event, MemoryWriter.textOf(event)));
      if (drop.isPresent() && drop.get() == DUPLICATE) {
        duplicates++;
        continue;
      }
      if (drop.isPresent()) {
        filtered.add(new Filtered(i + 1, event.clientId(), drop.get()));
        continue;
      }
      WriteResult result = writer.write(tenant, namespace, List.of(event));
      duplicates += result.duplicates();
      WriteResult.EventOutcome o = result.outcomes().getFirst();
      if (!o.duplicate() && o.decisions().isEmpty() && !o.filtered().isEmpty()) {
        // stored as an event (it counts as seen) but nothing in it is knowledge: say why
        filtered.add(new Filtered(i + 1, event.clientId(), reasons(o.filtered())));
        continue;
      }
      accepted += result.accepted();
    }
    return new Outcome(accepted, duplicates, filtered.size(), rejected, filtered);
  }

  /** The distinct reasons of the sentences left out ("call to action or advertising; question"). */
  static String reasons(List<String> dropped) {
    return String.join("; ", dropped.stream().map(d -> d.contains(":") ? d.substring(0, d.indexOf(':')) : d).distinct().toList());
  }

  private String idOf(String line) {
    try {
      var node = json.readTree(line);
      return node.has("id") ? node.get("id").asString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
