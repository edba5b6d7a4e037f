package io.engram.eval.memory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic event stream: a fixed world of entities (people and projects) x attributes, whose values
 * change over time, observed through paraphrase templates with noise. Each event either restates a current
 * fact (with probability {@code redundancy}, in another wording), changes a value or states a fact for the
 * first time; some events are pure chit-chat and some facts carry a chatty sentence around them. The
 * templates live here only: the extractor under test knows general English shapes, not these sentences.
 * Same seed, same stream.
 */
public final class SyntheticStream {

  /** One planted fact: entity, attribute, value. */
  public record Fact(String entity, String attribute, String value) {
    String slot() {
      return entity + "|" + attribute;
    }
  }

  /** One generated event; {@code fact} is null for chit-chat; {@code redundant} when it restates a current fact. */
  public record Event(String id, String text, Instant time, Fact fact, boolean redundant) {
  }

  /** A question about a current fact, with every value that slot ever had before. */
  public record Question(String text, Fact current, List<String> outdated) {
  }

  record Attribute(String name, String kind, List<String> templates, List<String> questions) {
  }

  private static final String[] FIRST = {"Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
      "Kira", "Luca", "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Xavi", "Yara", "Zoe"};
  private static final String[] LAST = {"Moreno", "Okafor", "Lindqvist", "Haddad", "Tanaka", "Kowalski", "Ferreira", "Nguyen",
      "Schmidt", "Rossi", "Novak", "Brennan", "Castillo", "Ivanova", "Mensah", "Dubois", "Larsen", "Petrov", "Santos", "Weber"};
  private static final String[] PROJECTS = {"Falcon", "Orion", "Juniper", "Atlas", "Nimbus", "Helix", "Quartz", "Sparrow", "Tundra",
      "Vertex", "Lumen", "Harbor", "Cobalt", "Meridian", "Pioneer", "Saffron", "Glacier", "Ember", "Kestrel", "Mosaic"};
  private static final String[] CITIES = {"Lisbon", "Porto", "Denver", "Oslo", "Nairobi", "Osaka", "Krakow", "Austin", "Lyon",
      "Tallinn", "Bogota", "Hanoi", "Dublin", "Perth", "Seville", "Quebec", "Accra", "Utrecht"};
  private static final String[] COMPANIES = {"Initech", "Globex", "Umbrella Labs", "Hooli", "Vandelay Industries", "Stark Analytics",
      "Wayne Logistics", "Cyberdyne", "Soylent Foods", "Tyrell Systems", "Acme Robotics", "Wonka Works"};
  private static final String[] TITLES = {"staff engineer", "product manager", "data scientist", "site lead", "designer",
      "engineering manager", "analyst", "principal architect", "support lead", "researcher"};
  private static final String[] STATUSES = {"on track", "at risk", "paused", "in review", "blocked", "shipping"};
  /**
   * Chatter and lead-ins, deliberately in words that none of the extractor's patterns or cue lists name: what the
   * write path does with them is its general content test, not a list that knows these phrases.
   */
  private static final String[] CHATTER = {"Appreciate it.", "Will circle back after lunch.", "Much obliged.",
      "Good stuff, carrying on.", "Ping me whenever.", "Back in a bit.", "Right, onwards.", "Cheers for that, mate."};
  private static final String[] PREFIX = {"Small change: ", "Worth knowing: ", "As it stands, ", "Per the latest, ", "", "", "", ""};

  static final List<Attribute> PERSON = List.of(
      new Attribute("city", "city", List.of("{E}'s city is {V}.", "{E} moved to {V}.", "{E} now lives in {V}.",
          "The city of {E} is {V}.", "{E} is based in {V}.", "{E} relocated to {V}."),
          List.of("Which city does {E} live in?", "Where is {E} based?", "What is {E}'s city?")),
      new Attribute("employer", "company", List.of("{E} works for {V}.", "{E}'s employer is {V}.", "{E} joined {V}.",
          "The employer of {E} is {V}.", "{E} is employed by {V}."),
          List.of("Who does {E} work for?", "What is {E}'s employer?", "Which company employs {E}?")),
      new Attribute("manager", "person", List.of("{E}'s manager is {V}.", "{E} reports to {V}.", "The manager of {E} is {V}.",
          "{E} now reports to {V}."),
          List.of("Who is {E}'s manager?", "Who does {E} report to?")),
      new Attribute("title", "title", List.of("{E}'s title is {V}.", "{E}'s job title is now {V}.", "The title of {E} is {V}.",
          "{E}'s role is {V}."),
          List.of("What is {E}'s job title?", "What is the title of {E}?")));
  static final List<Attribute> PROJECT = List.of(
      new Attribute("budget", "money", List.of("The budget of {E} is {V}.", "{E}'s budget is {V}.", "{E} has a budget of {V}.",
          "{E}'s budget changed to {V}."),
          List.of("What is the budget of {E}?", "How much money does {E} have?")),
      new Attribute("status", "status", List.of("{E}'s status is {V}.", "The status of {E} is {V}.", "{E}'s status is now {V}."),
          List.of("What is the status of {E}?", "How is {E} doing?")),
      new Attribute("launch date", "date", List.of("{E}'s launch date is {V}.", "The launch date of {E} is {V}.",
          "{E}'s launch date moved to {V}."),
          List.of("When is {E} launching?", "What is the launch date of {E}?")),
      new Attribute("lead", "person", List.of("{E}'s lead is {V}.", "The lead of {E} is {V}.", "{E} is led by {V}."),
          List.of("Who leads {E}?", "Who is the lead of {E}?")));

  private final Random random;
  private final double redundancy;
  private final List<String> people = new ArrayList<>();
  private final List<String> projects = new ArrayList<>();
  private final Map<String, Fact> current = new LinkedHashMap<>();
  private final Map<String, List<String>> history = new HashMap<>();
  private final List<String> slots = new ArrayList<>();

  /**
   * @param entities   size of the world: this many people and half as many projects
   */
  public SyntheticStream(long seed, double redundancy, int entities) {
    this.random = new Random(seed);
    this.redundancy = redundancy;
    for (int i = 0; i < entities && i < FIRST.length * LAST.length; i++) {
      people.add(FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length + i) % LAST.length]);
    }
    for (int i = 0; i < Math.max(1, entities / 2) && i < PROJECTS.length * 10; i++) {
      projects.add("Project " + PROJECTS[i % PROJECTS.length] + (i < PROJECTS.length ? "" : " " + (i / PROJECTS.length + 1)));
    }
    people.forEach(p -> PERSON.forEach(a -> slots.add(p + "|" + a.name())));
    projects.forEach(p -> PROJECT.forEach(a -> slots.add(p + "|" + a.name())));
  }

  /** The whole stream of {@code n} events, one hour apart from 2024-01-01. */
  public List<Event> events(int n) {
    List<Event> out = new ArrayList<>(n);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      Instant time = start.plusSeconds(3600L * i);
      String id = "ev-" + i;
      if (random.nextDouble() < 0.03) {
        out.add(new Event(id, CHATTER[random.nextInt(CHATTER.length)], time, null, false));
        continue;
      }
      boolean redundant = !current.isEmpty() && random.nextDouble() < redundancy;
      Fact fact;
      if (redundant) {
        List<Fact> known = List.copyOf(current.values());
        fact = known.get(random.nextInt(known.size()));
      } else {
        String slot = slots.get(random.nextInt(slots.size()));
        String entity = slot.substring(0, slot.indexOf('|'));
        Attribute attribute = attribute(slot);
        Fact before = current.get(slot);
        String value;
        do {
          value = value(attribute, entity);
        } while (before != null && before.value().equals(value));
        fact = new Fact(entity, attribute.name(), value);
        if (before != null) {
          history.computeIfAbsent(slot, k -> new ArrayList<>()).add(before.value());
        }
        current.put(slot, fact);
      }
      out.add(new Event(id, render(fact), time, fact, redundant));
    }
    return out;
  }

  /** One question per current fact, in a fixed order. */
  public List<Question> questions() {
    List<Question> out = new ArrayList<>();
    for (Fact f : current.values()) {
      Attribute a = attribute(f.slot());
      String q = a.questions().get(random.nextInt(a.questions().size())).replace("{E}", f.entity());
      List<String> outdated = history.getOrDefault(f.slot(), List.of()).stream().filter(v -> !v.equals(f.value())).distinct().toList();
      out.add(new Question(q, f, outdated));
    }
    return out;
  }

  private Attribute attribute(String slot) {
    String name = slot.substring(slot.indexOf('|') + 1);
    return (slot.startsWith("Project ") ? PROJECT : PERSON).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private String render(Fact f) {
    Attribute a = attribute(f.slot());
    String template = a.templates().get(random.nextInt(a.templates().size()));
    String value = f.value();
    if (a.kind().equals("date") && random.nextBoolean()) {
      value = LocalDate.parse(value).format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH));
    }
    if (a.kind().equals("money") && random.nextBoolean()) {
      value = value.replace("$", "") + " dollars";
    }
    String sentence = PREFIX[random.nextInt(PREFIX.length)] + template.replace("{E}", f.entity()).replace("{V}", value);
    double noise = random.nextDouble();
    if (noise < 0.15) {
      sentence = CHATTER[random.nextInt(CHATTER.length)] + " " + sentence;
    } else if (noise < 0.3) {
      sentence = sentence + " " + CHATTER[random.nextInt(CHATTER.length)];
    } else if (noise < 0.35) {
      sentence = sentence.toLowerCase(Locale.ROOT);
    }
    return sentence;
  }

  private String value(Attribute a, String entity) {
    return switch (a.kind()) {
      case "city" -> CITIES[random.nextInt(CITIES.length)];
      case "company" -> COMPANIES[random.nextInt(COMPANIES.length)];
      case "person" -> {
        String p;
        do {
          p = people.get(random.nextInt(people.size()));
        } while (p.equals(entity) && people.size() > 1);
        yield p;
      }
      case "title" -> TITLES[random.nextInt(TITLES.length)];
      case "status" -> STATUSES[random.nextInt(STATUSES.length)];
      case "money" -> "$" + (1 + random.nextInt(40)) * 250 + ",000";
      case "date" -> LocalDate.of(2024 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
      default -> throw new IllegalStateException("unknown kind " + a.kind());
    };
  }
}
