package io.engram.memory.extract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Common English names of the same attribute and the relation verbs that set one ("moved to" sets a
 * location, "works for" an employer). Keys are canonical attribute names; a statement's attribute key is
 * the canonical name when its wording is listed here, else its own content terms. Queries are expanded with
 * the same lexicon, so a question about someone's "city" finds a statement about where they "moved".
 */
public final class AttributeLexicon {

  /** Canonical attribute -> words and phrases naming it (lower case). */
  static final Map<String, List<String>> SYNONYMS = Map.ofEntries(
      Map.entry("location", List.of("location", "city", "town", "home", "hometown", "home town", "residence",
          "base", "address", "place of residence", "home city", "where", "live", "lives", "based", "moved")),
      Map.entry("employer", List.of("employer", "company", "workplace", "firm", "work")),
      Map.entry("manager", List.of("manager", "boss", "supervisor", "lead", "leader", "director", "reports")),
      Map.entry("price", List.of("price", "cost", "fee", "list price", "costs")),
      Map.entry("headcount", List.of("headcount", "head count", "staff", "employees", "staff size", "team size",
          "number of employees", "workforce", "employee count")),
      Map.entry("spouse", List.of("spouse", "wife", "husband", "partner")),
      Map.entry("birthday", List.of("birthday", "birth date", "date of birth")),
      Map.entry("birthplace", List.of("birthplace", "place of birth")),
      Map.entry("status", List.of("status")),
      Map.entry("title", List.of("title", "job title", "role", "position", "job")));

  /** Relation verb phrases (after the subject) -> canonical attribute. */
  static final Map<String, String> RELATIONS = Map.ofEntries(
      Map.entry("moved to", "location"), Map.entry("relocated to", "location"), Map.entry("lives in", "location"),
      Map.entry("lived in", "location"), Map.entry("is living in", "location"), Map.entry("is based in", "location"),
      Map.entry("is located in", "location"), Map.entry("resides in", "location"), Map.entry("now lives in", "location"),
      Map.entry("works for", "employer"), Map.entry("works at", "employer"), Map.entry("worked for", "employer"),
      Map.entry("joined", "employer"), Map.entry("is employed by", "employer"), Map.entry("now works for", "employer"),
      Map.entry("now works at", "employer"),
      Map.entry("is led by", "manager"), Map.entry("is managed by", "manager"), Map.entry("reports to", "manager"),
      Map.entry("is headed by", "manager"), Map.entry("now reports to", "manager"),
      Map.entry("costs", "price"), Map.entry("is priced at", "price"), Map.entry("sells for", "price"),
      Map.entry("was born in", "birthplace"), Map.entry("was born on", "birthday"),
      Map.entry("is married to", "spouse"), Map.entry("married", "spouse"),
      Map.entry("employs", "headcount"));

  private AttributeLexicon() {
  }

  /** The canonical attribute for a written attribute name, if the lexicon lists it. */
  public static Optional<String> canonical(String attribute) {
    String a = attribute.toLowerCase(Locale.ROOT).trim();
    for (Map.Entry<String, List<String>> e : SYNONYMS.entrySet()) {
      if (e.getKey().equals(a) || e.getValue().contains(a)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Canonical attributes named by any word or two-word phrase of {@code text}, sorted. */
  public static List<String> mentioned(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", " ").trim().split("\\s+");
    java.util.TreeSet<String> found = new java.util.TreeSet<>();
    for (int i = 0; i < words.length; i++) {
      String w = words[i].endsWith("'s") ? words[i].substring(0, words[i].length() - 2) : words[i];
      canonical(w).ifPresent(found::add);
      if (i + 1 < words.length) {
        canonical(w + " " + words[i + 1]).ifPresent(found::add);
      }
    }
    return List.copyOf(found);
  }
}
