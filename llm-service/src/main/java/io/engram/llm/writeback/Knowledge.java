package io.engram.llm.writeback;

import io.engram.llm.fusion.PackedContext;
import io.engram.llm.fusion.Passage;
import io.engram.llm.generate.Citation;
import io.engram.llm.source.MemoryEvent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an answer writes back: the statements that answered it (the cited sentences), each made to stand on its own
 * (a leading pronoun or "the band" becomes the passage's subject, named by its title; a sentence that names nothing
 * of its subject gets it in front) and each linked to its source: {@code chunk:<collection>/<chunk id>} for a
 * retrieval chunk, {@code memory:<item id>} for a quoted memory item (a restatement: memory raises its support). Every
 * memory item the context used is also listed among the sources, so memory can count the reuse.
 */
public final class Knowledge {

  /** At most this many statements per answer. */
  static final int MAX_STATEMENTS = 8;
  static final int MAX_CHARS = 2000;

  private static final Pattern SUBJECT_PRONOUN = Pattern.compile("^(He|She|It|They)\\b(?!['’])");
  private static final Pattern POSSESSIVE = Pattern.compile("^(His|Her|Its|Their)\\b");
  private static final Pattern DEFINITE = Pattern.compile("^The ([a-z][a-z-]+)\\b");
  private static final Pattern INNER_PRONOUN = Pattern.compile("\\b(he|she|they)\\b");
  private static final Pattern INNER_POSSESSIVE = Pattern.compile("\\b(his|her|their)\\b");

  private Knowledge() {
  }

  /** The write-back event's context: one entry per cited sentence, with its source. */
  public static List<MemoryEvent.ContextEntry> statements(List<Citation> citations, PackedContext context) {
    Map<String, Passage> byId = new LinkedHashMap<>();
    context.ranked().forEach(p -> byId.put(p.id(), p));
    Map<String, MemoryEvent.ContextEntry> out = new LinkedHashMap<>();
    for (Citation c : citations) {
      Passage p = byId.get(c.id());
      if (p == null || out.size() >= MAX_STATEMENTS || (p.kind() == Passage.Kind.CHUNK && p.origin() == null)) {
        continue;
      }
      String quote = c.quote() == null ? "" : c.quote().strip();
      if (quote.isEmpty()) {
        continue;
      }
      // a quote of a memory item restates it (memory raises its support); a chunk's sentence is new knowledge
      String statement = p.kind() == Passage.Kind.MEMORY ? quote : standAlone(quote, p.title());
      if (statement.length() > MAX_CHARS) {
        statement = statement.substring(0, MAX_CHARS);
      }
      out.putIfAbsent(statement.toLowerCase(Locale.ROOT),
          new MemoryEvent.ContextEntry(p.kind() == Passage.Kind.MEMORY ? p.id() : "chunk:" + p.origin() + "/" + p.sourceId(),
              statement));
    }
    return List.copyOf(out.values());
  }

  /** The sources the answer rests on and the memory items its context used (for memory's reuse count). */
  public static List<String> sources(List<Citation> citations, PackedContext context) {
    Set<String> sources = new LinkedHashSet<>();
    citations.forEach(c -> sources.add(c.id()));
    for (Passage p : context.ranked()) {
      if (p.kind() == Passage.Kind.MEMORY) {
        sources.add(p.id());
      }
      p.alsoFrom().stream().filter(id -> id.startsWith("memory:")).forEach(sources::add);
    }
    return List.copyOf(sources);
  }

  /**
   * A quoted sentence made to stand on its own: "He was born in Ohio." from the passage "Paul Gross (actor)" becomes
   * "Paul Gross was born in Ohio."; "Its first issue appeared in 1844." becomes "Arthur's Magazine's first issue ...";
   * "The magazine folded in 1846." becomes "Arthur's Magazine folded in 1846." when the title names a magazine; a
   * sentence that names nothing of its subject gets it at the end ("The first editor was T. S. Arthur (Arthur's Magazine).").
   */
  public static String standAlone(String sentence, @Nullable String title) {
    String subject = title == null ? "" : title.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip();
    if (subject.isEmpty() || mentions(sentence, subject)) {
      return sentence;
    }
    Matcher m = SUBJECT_PRONOUN.matcher(sentence);
    if (m.find()) {
      return subject + sentence.substring(m.end());
    }
    m = POSSESSIVE.matcher(sentence);
    if (m.find()) {
      return possessive(subject) + sentence.substring(m.end());
    }
    m = DEFINITE.matcher(sentence);
    if (m.find() && describes(m.group(1), title)) {
      return subject + sentence.substring(m.end());
    }
    m = INNER_PRONOUN.matcher(sentence);
    if (m.find()) {
      return sentence.substring(0, m.start()) + subject + sentence.substring(m.end());
    }
    m = INNER_POSSESSIVE.matcher(sentence);
    if (m.find()) {
      return sentence.substring(0, m.start()) + possessive(subject) + sentence.substring(m.end());
    }
    // named at the end: a lead-in ("Oasis - ", "Oasis: ") would read as a dateline or a label
    Matcher end = Pattern.compile("[.!?]+$").matcher(sentence);
    return end.find() ? sentence.substring(0, end.start()) + " (" + subject + ")" + end.group()
        : sentence + " (" + subject + ")";
  }

  /** Whether the sentence already names the subject: any of its capitalised words, written as a name. */
  private static boolean mentions(String sentence, String subject) {
    for (String word : subject.split("[\\s,]+")) {
      String bare = word.replaceAll("['’]s$", "");
      if (bare.length() > 2 && Character.isUpperCase(bare.charAt(0))
          && Pattern.compile("\\b" + Pattern.quote(bare) + "\\b").matcher(sentence).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether "the {@code noun}" describes what the title names: the noun is one of the title's words. */
  private static boolean describes(String noun, String title) {
    for (String word : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.equals(noun) || (word.length() > 3 && (word + "s").equals(noun)) || (noun.length() > 3 && (noun + "s").equals(word))) {
        return true;
      }
    }
    return false;
  }

  private static String possessive(String subject) {
    return subject.endsWith("s") ? subject + "'" : subject + "'s";
  }
}
