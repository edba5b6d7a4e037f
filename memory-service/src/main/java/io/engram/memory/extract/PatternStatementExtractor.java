package io.engram.memory.extract;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline, deterministic extractor: splits text into sentences and reads each with a few general English
 * shapes that name a subject, an attribute and a value: possessive ("X's A is V", "my A is V"), genitive
 * ("the A of X is V"), "X has a A of V", "X has N A", relation verbs ("X moved to V", "X works for V", see
 * {@link AttributeLexicon}) and change verbs ("X raised its A to V"). Pronouns take the last subject named in
 * the same event; "I"/"my" is the user. A sentence with no such shape is kept as a plain fact when it carries
 * enough content (at least {@value #MIN_PLAIN_TERMS} content terms in {@value #MIN_PLAIN_WORDS} words) and is not a question.
 */
public final class PatternStatementExtractor implements StatementExtractor {

  static final int MIN_PLAIN_TERMS = 3;
  static final int MIN_PLAIN_WORDS = 4;
  private static final int MAX_SUBJECT_WORDS = 6;
  private static final int MAX_ATTRIBUTE_WORDS = 4;
  private static final int MAX_VALUE_WORDS = 8;
  private static final int MAX_STATEMENT_CHARS = 600;

  private static final String COPULA = "(?:is now|is still|now is|has become|has changed to|changed to|became|is|was|are|were|will be|remains|stays)";
  private static final Pattern LEAD_IN = Pattern.compile(
      "^(?:(?:update|fyi|note|news|reminder|correction|btw|by the way|ok|okay|so|also|well|and|but|actually|just so you know"
          + "|quick update|heads up|for the record|as of [^,]{1,40}|since [^,]{1,40}|today|yesterday|recently|now)\\s*[:,\\-–—]\\s*)+",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern POSSESSIVE = Pattern.compile(
      "^(?<subj>[^,;:]{1,80}?)(?:'s|’s|s') (?<attr>[^,;:]{1,50}?) " + COPULA + " (?<val>.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern POSSESSIVE_COLON = Pattern.compile(
      "^(?<subj>[^,;:]{1,80}?)(?:'s|’s|s') (?<attr>[^,;:]{1,50}?)\\s*:\\s*(?<val>.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern PRONOUN_POSSESSIVE = Pattern.compile(
      "^(?<pron>my|our|his|her|their|its) (?<attr>[^,;:]{1,50}?) " + COPULA + " (?<val>.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern GENITIVE = Pattern.compile(
      "^(?:(?:the )(?<attr>[^,;:]{1,50}?) (?:of|for) (?<subj>[^,;:]{1,80}?) " + COPULA + " |(?:the )?(?<attr2>[^,;:]{1,50}?) (?:of|for) (?<subj2>[^,;:]{1,80}?)\\s*:\\s*)(?<val>.+)$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern HAS_OF = Pattern.compile(
      "^(?<subj>[^,;:]{1,80}?) (?:now )?(?:has|had|have) (?:a|an|the) (?<attr>[^,;:]{1,50}?) of (?<val>.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern HAS_COUNT = Pattern.compile(
      "^(?<subj>[^,;:]{1,80}?) (?:now )?(?<verb>has|had|have|employs|employed) (?:about |around |roughly |over |nearly )?"
          + "(?<val>\\d[\\d,.]*(?:\\s*(?:thousand|million|billion|k))?) (?<attr>[a-z][a-z -]{1,40})$", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHANGE = Pattern.compile(
      "^(?<subj>[^,;:]{1,80}?) (?:has |have |had )?(?:set|changed|updated|raised|increased|lowered|reduced|cut|moved|shifted"
          + "|pushed|bumped|adjusted|revised) (?:its|his|her|their|the|our|my) (?<attr>[^,;:]{1,50}?) (?:from .{1,40}? )?to (?<val>.+)$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern RELATION;
  private static final Pattern POSSESSED = Pattern.compile("^(.+?)(?:'s|’s) (.+)$");
  private static final Pattern PRONOUN = Pattern.compile("^(?:he|she|it|they|we|i|you|this|that|him|her|them)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern VALUE_CUT = Pattern.compile(
      "(?:,\\s(?!\\d{4}\\b)|;|\\s(?:because|since|after|before|but|which|who|while|although|when|so that|as part of|according to)\\s|\\s[-–—]\\s|\\s\\()",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern VALUE_TAIL = Pattern.compile(
      "\\s+(?:now|today|yesterday|recently|again|instead|anymore|these days|this (?:week|month|year)|last (?:week|month|year)"
          + "|as of .+|effective .+|starting .+|from now on|for now|in \\d{4}|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\\w*(?: .*)?)$",
      Pattern.CASE_INSENSITIVE);
  /** Conversational formulas that carry no knowledge: greetings, thanks, requests, sign-offs. */
  private static final Pattern PHATIC = Pattern.compile(
      "^(?:hi|hello|hey|thanks|thank you|thx|please|pls|let me know|let me|let's|lets|sounds|cheers|regards"
          + "|see you|talk soon|good (?:morning|afternoon|evening|night)|ok|okay|noted|got it|no worries|bye"
          + "|any questions|more soon|stay tuned|hope this helps)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE_CUT = Pattern.compile(
      "\\s(?:after|before|because|since|in|at|on|during|following|as of|this|last|now|today|again)\\b", Pattern.CASE_INSENSITIVE);
  /** A short label before a colon that opens a line ("Small change:", "Markets wrap:"), not a possessive subject. */
  private static final Pattern LABEL = Pattern.compile("^(?![^:]*['’]s\\b)[\\p{L}][\\p{L}&'’ -]{0,24}:\\s+(?=\\S+(?:\\s+\\S+){2})");
  private static final Pattern LEADING_ARTICLE = Pattern.compile("^(?:the|a|an)\\s+", Pattern.CASE_INSENSITIVE);

  static {
    List<String> verbs = new ArrayList<>(AttributeLexicon.RELATIONS.keySet());
    verbs.sort((a, b) -> b.length() != a.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
    StringBuilder alternatives = new StringBuilder();
    for (String v : verbs) {
      alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(v).replace(" ", "\\E\\s+\\Q"));
    }
    RELATION = Pattern.compile("^(?<subj>[^,;:]{1,80}?) (?:has |have |had )?(?<verb>" + alternatives + ") (?<val>.+)$",
        Pattern.CASE_INSENSITIVE);
  }

  @Override
  public List<Statement> extract(EventText event) {
    return extractWithReasons(event).statements();
  }

  @Override
  public Extraction extractWithReasons(EventText event) {
    List<Statement> statements = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    boolean interaction = "interaction".equals(event.kind()) && event.question() != null && !event.question().isBlank();
    if (interaction) {
      statements.add(episode(event.question(), event.answer() == null ? "" : event.answer()));
    }
    String body = interaction
        ? String.join("\n", nonNull(event.answer()), nonNull(event.text()))
        : String.join("\n", nonNull(event.text()), nonNull(event.answer()));
    java.util.Optional<String> advert = Noise.eventReason(body);
    if (advert.isPresent()) {
      return new Extraction(statements, List.of(advert.get() + ": " + body.strip()));
    }
    // a chat turn "Name: utterance" is about its speaker: first person becomes the speaker, "you" the other participant
    String speaker = null;
    java.util.Optional<Speakers.Turn> turn = Speakers.parse(body.strip());
    if (turn.isPresent()) {
      speaker = turn.get().speaker();
      body = turn.get().text();
    }
    boolean chat = speaker != null && ("interaction".equals(event.kind()) || "note".equals(event.kind()));
    if (speaker == null) {
      body = LABEL.matcher(body.strip()).replaceFirst("");
    }
    body = RelativeDates.resolve(body, event.time());
    Set<String> participants = new java.util.HashSet<>();
    for (String p : java.util.Arrays.asList(speaker, event.otherSpeaker())) {
      if (p != null) {
        participants.addAll(List.of(p.toLowerCase(Locale.ROOT).split("\\s+")));
      }
    }
    String lastSubject = null;
    // "He ..." / "She ..." in a report is the person it last gave a role ("named Dr. Priya Raghunathan chief executive")
    String holder = null;
    Set<String> seen = new LinkedHashSet<>();
    for (String sentence : sentences(body)) {
      if (SOURCE_ONLY.matcher(sentence).matches()) {
        dropped.add("attribution: " + sentence);
        continue;
      }
      java.util.Optional<String> noise = chat || "interaction".equals(event.kind()) ? Noise.reason(sentence, participants)
          : Noise.reportReason(sentence);
      if (noise.isPresent()) {
        dropped.add(noise.get() + ": " + sentence);
        continue;
      }
      String said = Compact.of(chat ? Speakers.thirdPerson(sentence, speaker, otherThan(event.otherSpeaker(), speaker)) : sentence);
      if (chat && !said.toLowerCase(Locale.ROOT).contains(speaker.toLowerCase(Locale.ROOT))) {
        said = speaker + ": " + said;
      }
      if (!chat && holder != null) {
        said = personFor(said, holder);
      }
      Statement s = read(said, lastSubject);
      if (s == null) {
        dropped.add("no content: " + sentence);
        continue;
      }
      if (!chat) {
        holder = lastHolder(s.text(), holder);
      }
      if (!seen.add(s.text().toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (s.hasSlot()) {
        lastSubject = s.subject();
      }
      statements.add(s);
    }
    return new Extraction(statements, dropped);
  }

  private static final Pattern PERSON_PRONOUN = Pattern.compile("^(He|She|His|Her)\\b(?!\\s*['’])");

  /** The holder of the last role a statement gives, as written, or {@code previous} when it gives none. */
  static String lastHolder(String statement, String previous) {
    List<Roles> roles = Roles.of(statement, Signature.of(statement));
    if (roles.isEmpty()) {
      return previous;
    }
    String name = String.join(" ", roles.getLast().holderWords());
    int at = statement.toLowerCase(Locale.ROOT).indexOf(name);
    return at < 0 ? previous : statement.substring(at, at + name.length());
  }

  /** A report's sentence that opens with a personal pronoun, with the person put in its place. */
  static String personFor(String sentence, String person) {
    Matcher m = PERSON_PRONOUN.matcher(sentence);
    if (!m.find()) {
      return sentence;
    }
    String with = m.group(1).equals("His") || m.group(1).equals("Her") ? person + "'s" : person;
    return with + sentence.substring(m.end());
  }

  /** A sentence that is only a parenthesized source ("(The Harbour Ledger)"): who reported, kept in provenance. */
  private static final Pattern SOURCE_ONLY = Pattern.compile("^\\([^()]{1,60}\\)[.!]?$");

  private static String otherThan(String other, String speaker) {
    return other == null || other.equalsIgnoreCase(speaker) ? null : other;
  }

  /** Sentences of {@code text}: line breaks always end one; then the JDK's sentence boundaries. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R+")) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
      it.setText(line);
      int start = it.first();
      String pending = "";
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String s = (pending + line.substring(start, end)).strip();
        // the JDK breaks after any period before a capital: "Dr. Priya Raghunathan", "the U.S. Food and Drug
        // Administration"; an abbreviation does not end a sentence
        if (ABBREVIATION_END.matcher(s).find() && end < line.length()) {
          pending = s + " ";
          continue;
        }
        pending = "";
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      if (!pending.isBlank()) {
        out.add(pending.strip());
      }
    }
    return out;
  }

  /**
   * A text ending in an abbreviation that stands before a name: an initialism ("U.S.", "N.J."), a title ("Dr.", "Mrs.",
   * "Gen."), a company form ("Inc.", "Corp.", "Co.") or a month or state written short ("Jan.", "Mass.").
   */
  private static final Pattern ABBREVIATION_END = Pattern.compile("(?:\\b(?:\\p{L}\\.){2,}|(?<![\\p{L}.])(?:Mr|Mrs|Ms|Mx|Dr|Prof"
      + "|Sr|Jr|St|Mt|Ft|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev|Hon|Pres|Inc|Corp|Co|Ltd|Bros|No|Nos|vs|etc|approx|Dept"
      + "|Univ|Ave|Blvd|Rd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mass|Calif|Conn|Ariz|Fla|Ill|Wash|Penn|Mich|Minn"
      + "|Tenn|Ore|Colo|Ga|Va|Md|Wis|Ky|Ala|Okla|Nev|Neb|Kan|Miss)\\.)$");

  /** One sentence read as a slot fact, a plain fact, or nothing (null). */
  Statement read(String raw, String lastSubject) {
    String sentence = raw.strip();
    if (sentence.length() > MAX_STATEMENT_CHARS) {
      sentence = sentence.substring(0, MAX_STATEMENT_CHARS);
    }
    boolean question = sentence.endsWith("?");
    String core = LEAD_IN.matcher(sentence.replaceAll("[.!?…。！？]+$", "").strip()).replaceFirst("").strip();
    if (core.isEmpty() || question) {
      return null;
    }
    Statement slot = slot(core, lastSubject);
    if (slot != null) {
      return slot;
    }
    if (PHATIC.matcher(core).find()) {
      return null;
    }
    List<String> terms = Terms.of(core);
    int words = Terms.hasHan(core) ? terms.size() : core.split("\\s+").length;
    if (new LinkedHashSet<>(terms).size() < MIN_PLAIN_TERMS || words < MIN_PLAIN_WORDS) {
      return null;
    }
    return Statement.plain(finish(core), "fact", Values.numbers(core), Values.dates(core));
  }

  private Statement slot(String core, String lastSubject) {
    Matcher m;
    if ((m = PRONOUN_POSSESSIVE.matcher(core)).matches()) {
      String pron = m.group("pron").toLowerCase(Locale.ROOT);
      String subject = pron.equals("my") || pron.equals("our") ? "the user" : lastSubject;
      String rewritten = subject == null ? core : possessive(subject) + core.substring(m.group("pron").length());
      return build(rewritten, subject, m.group("attr"), null, m.group("val"));
    }
    if ((m = CHANGE.matcher(core)).matches()) {
      return build(core, m.group("subj"), m.group("attr"), null, m.group("val"), lastSubject);
    }
    if ((m = HAS_OF.matcher(core)).matches()) {
      return build(core, m.group("subj"), m.group("attr"), null, m.group("val"), lastSubject);
    }
    if ((m = HAS_COUNT.matcher(core)).matches()) {
      String canonical = m.group("verb").toLowerCase(Locale.ROOT).startsWith("employ") ? "headcount" : null;
      return build(core, m.group("subj"), m.group("attr"), canonical, m.group("val"), lastSubject);
    }
    if ((m = RELATION.matcher(core)).matches()) {
      String verb = m.group("verb").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      Matcher owner = POSSESSED.matcher(m.group("subj"));
      if (verb.equals("moved to") && owner.matches() && !Values.dates(m.group("val")).isEmpty()) {
        // "X's launch date moved to May 3": a date cannot be a place; the attribute changed value
        return build(core, owner.group(1), owner.group(2), null, m.group("val"), lastSubject);
      }
      return build(core, m.group("subj"), verb, AttributeLexicon.RELATIONS.get(verb), m.group("val"), lastSubject);
    }
    if ((m = POSSESSIVE.matcher(core)).matches() || (m = POSSESSIVE_COLON.matcher(core)).matches()) {
      return build(core, m.group("subj"), m.group("attr"), null, m.group("val"), lastSubject);
    }
    if ((m = GENITIVE.matcher(core)).matches()) {
      boolean copular = m.group("subj") != null;
      return build(core, copular ? m.group("subj") : m.group("subj2"), copular ? m.group("attr") : m.group("attr2"), null,
          m.group("val"), lastSubject);
    }
    return null;
  }

  private Statement build(String core, String subject, String attribute, String canonical, String value, String lastSubject) {
    String s = LEADING_ARTICLE.matcher(subject.strip()).replaceFirst("");
    String text = core;
    if (PRONOUN.matcher(s).matches()) {
      if (s.equalsIgnoreCase("i") || s.equalsIgnoreCase("we")) {
        s = "the user";
      } else if (lastSubject == null) {
        return null;
      } else {
        s = lastSubject;
      }
      text = s + core.substring(subject.strip().length());
    }
    if (s.split("\\s+").length > MAX_SUBJECT_WORDS) {
      return null;
    }
    return build(text, s, attribute, canonical, value);
  }

  private Statement build(String text, String subject, String attribute, String canonical, String rawValue) {
    if (subject == null) {
      return null;
    }
    String attr = LEADING_ARTICLE.matcher(attribute.strip()).replaceFirst("");
    Matcher tail = ATTRIBUTE_CUT.matcher(attr);
    if (tail.find()) {
      attr = attr.substring(0, tail.start());
    }
    if (attr.split("\\s+").length > MAX_ATTRIBUTE_WORDS) {
      return null;
    }
    String value = cleanValue(rawValue);
    if (value.isEmpty() || value.split("\\s+").length > MAX_VALUE_WORDS) {
      return null;
    }
    String subjectKey = Terms.key(subject);
    String attributeKey = canonical != null ? canonical : AttributeLexicon.canonical(attr).orElse(Terms.key(attr));
    String valueKey = valueKey(value);
    if (subjectKey.isEmpty() || attributeKey.isEmpty() || valueKey.isEmpty()) {
      return null;
    }
    String statement = finish(text);
    return new Statement(statement, "fact", subject, subjectKey, attr, attributeKey, value, valueKey,
        Values.numbers(statement), Values.dates(statement));
  }

  /** The normal form two values are compared on: their dates, else numbers, else content terms. */
  public static String valueKey(String value) {
    List<String> dates = Values.dates(value);
    if (!dates.isEmpty()) {
      return String.join(" ", dates);
    }
    List<Double> numbers = Values.numbers(value);
    if (!numbers.isEmpty()) {
      return String.join(" ", numbers.stream().map(Values::canonical).toList());
    }
    String key = Terms.key(value);
    return key.isEmpty() ? value.toLowerCase(Locale.ROOT).strip() : key;
  }

  static String cleanValue(String raw) {
    String v = raw.strip();
    Matcher cut = VALUE_CUT.matcher(v);
    if (cut.find()) {
      v = v.substring(0, cut.start());
    }
    v = VALUE_TAIL.matcher(v).replaceFirst("");
    v = v.replaceAll("[.!?,;:]+$", "").strip();
    return v;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String possessive(String subject) {
    return subject.endsWith("s") ? subject + "'" : subject + "'s";
  }

  private static String finish(String core) {
    String s = core.strip();
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s + (Terms.hasHan(s) ? "。" : ".");
  }

  private static Statement episode(String question, String answer) {
    List<String> answerSentences = sentences(answer);
    String shortAnswer = answerSentences.isEmpty() ? "" : answerSentences.getFirst();
    String text = ("Q: " + question.strip() + " A: " + shortAnswer).strip();
    if (text.length() > MAX_STATEMENT_CHARS) {
      text = text.substring(0, MAX_STATEMENT_CHARS);
    }
    return Statement.plain(text, "episode", Values.numbers(text), Values.dates(text));
  }
}
