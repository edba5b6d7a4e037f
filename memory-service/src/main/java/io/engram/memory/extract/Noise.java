package io.engram.memory.extract;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sentences that carry no knowledge, with the reason: questions, greetings and filler, calls to action and
 * advertising (a link, an address to write to, an imperative aimed at the reader), legal and site boilerplate, and
 * content-free lines (too few content words and nothing named, counted or dated). The cue lists are short and
 * general (how ads, banners and disclaimers are worded on any site, in English and Chinese); the content test does
 * the rest.
 */
public final class Noise {

  static final int MIN_CONTENT_TERMS = 3;

  private static final Pattern LINK = Pattern.compile("(?i)(?:https?://|www\\.)\\S+|\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b");
  private static final Pattern CALL_TO_ACTION = Pattern.compile("(?i)^(?:(?:please|now|just)\\s+)?(?:subscribe|sign up|sign in|log in"
      + "|click|tap|download|register|follow us|like us|share this|buy|order|shop|try|join us|call us|visit|read more|learn more"
      + "|book (?:a|your|now)|claim|grab|discover|explore|find out|contact us|start (?:your|now)|accept all|manage preferences"
      + "|don't miss|do not miss|save up to|use code|unsubscribe|get (?:your|the|our|\\d+)|book now|act now|enter to win"
      + "|advertisement|sponsored|promoted|ad:|this article|this story|this content|related:|see also|more:)\\b");
  private static final Pattern BOILERPLATE = Pattern.compile("(?i)(?:all rights reserved|©|\\(c\\) \\d{4}|copyright (?:©|\\d{4})"
      + "|use of cookies|past performance is no guarantee|(?:data|quotes?|prices?) (?:are )?delayed|in local exchange time"
      + "|(?:we|this site|this website) uses? cookies|(?:accept|manage) (?:all )?cookies|cookie (?:policy|settings|preferences)"
      + "|privacy policy|terms of (?:use|service)|not (?:investment|financial|legal) advice|for informational purposes"
      + "|(?:our|the|free|daily|weekly) newsletter|unsubscribe|promo code|\\d+% off (?:your|all|everything|the first|orders?)"
      + "|limited[- ]time offer|start (?:your|a) free trial|sponsored content|paid partnership"
      + "|reporting by .{1,40}editing by|writing by .{1,40}editing by)");
  private static final Pattern ZH_NOISE = Pattern.compile("(?:^广告|【广告】|\\[广告\\]|（广告）|赞助内容|点击(?:关注|阅读|查看|这里|链接|下方)"
      + "|关注我们|关注公众号|扫码|扫描二维码|订阅(?:我们|本号|公众号)|免责声明|版权所有|未经授权|不得转载|转载请注明|仅供参考"
      + "|不构成投资建议|阅读原文|更多精彩|责任编辑|^编辑：|^来源：)");
  /** Conversational formulas that carry no knowledge: greetings, thanks, acknowledgements, sign-offs. */
  private static final Pattern PHATIC = Pattern.compile("(?i)^(?:hi|hello|hey|thanks|thank you|thx|cheers|regards|see you|see ya"
      + "|talk soon|talk to you|bye|goodbye|good (?:morning|afternoon|evening|night)|ok|okay|noted|got it|no worries|no problem"
      + "|sounds good|sure thing|you're welcome|my pleasure|take care|have a (?:good|great|nice)|one moment|just a moment"
      + "|hope this helps|any questions|is there anything else|anything else|stay tuned|more soon|welcome back)\\b");

  /** An event opened by one of these labels is advertising as a whole. */
  private static final Pattern AD_LABEL = Pattern.compile("(?i)^\\s*(?:\\[|\\()?(?:advertisement|advert|sponsored(?: content)?|promoted"
      + "|paid (?:post|content|partnership)|partner content|ad|广告|推广)(?:\\]|\\))?\\s*[:：|\\-–—]");
  /** The publisher speaking to the reader ("our advisers can help you"): promotional in a stream of reports. */
  private static final Pattern READER_ADDRESS = Pattern.compile("(?i)\\b(?:we|our|us)\\b.*\\b(?:you|your)\\b|\\b(?:you|your)\\b.*\\b(?:we|our|us)\\b");

  private Noise() {
  }

  /** Why a whole event is noise (an advertising label opens it), or empty. */
  public static Optional<String> eventReason(String text) {
    return text != null && AD_LABEL.matcher(text).find() ? Optional.of("advertising") : Optional.empty();
  }

  /** Why a sentence of a report (not a conversation) is noise: the sentence rules, or the publisher addressing the reader. */
  public static Optional<String> reportReason(String sentence) {
    Optional<String> r = reason(sentence);
    if (r.isPresent()) {
      return r;
    }
    return READER_ADDRESS.matcher(sentence).find() ? Optional.of("addressed to the reader") : Optional.empty();
  }

  /** Snowball's English stop words (Lucene's copy): pronouns, auxiliaries, contractions, determiners. */
  private static final Set<String> STOP = snowballStopWords();
  /** Words of acknowledgement and appraisal that say nothing about the world on their own ("great", "sure"). */
  private static final Set<String> FILLER = Set.of("yeah", "yes", "yep", "nope", "ok", "okay", "oh", "wow", "hey", "hi", "just",
      "really", "sure", "great", "perfect", "nice", "cool", "awesome", "lovely", "amazing", "thanks", "thank", "please",
      "totally", "definitely", "absolutely", "exactly", "right", "well", "gonna", "wanna", "lol", "haha", "glad", "happy",
      "sorry", "fine", "good", "bad", "sounds", "sound", "agree", "love", "bit", "lot", "thing", "things", "stuff", "way");

  private static Set<String> snowballStopWords() {
    try (java.io.Reader r = org.apache.lucene.util.IOUtils.getDecodingReader(org.apache.lucene.analysis.snowball.SnowballFilter.class.getResourceAsStream(
        "english_stop.txt"), java.nio.charset.StandardCharsets.UTF_8)) {
      Set<String> out = new java.util.HashSet<>();
      org.apache.lucene.analysis.WordlistLoader.getSnowballWordSet(r).forEach(w -> out.add(new String((char[]) w)));
      return Set.copyOf(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Distinct words of an English sentence that are neither stop words nor filler. */
  static Set<String> contentWords(String sentence) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : sentence.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}'’]+")) {
      String k = w.replace('’', '\'').replaceAll("^'+|'+$", "");
      if (k.length() > 1 && !STOP.contains(k) && !FILLER.contains(k) && !STOP.contains(k.replaceAll("'.*$", ""))) {
        out.add(k);
      }
    }
    return out;
  }

  /** Whether a word names a speaker: the name itself or a short form of it ("Mel" for Melanie). */
  static boolean isParticipant(String word, Set<String> participants) {
    if (participants.contains(word)) {
      return true;
    }
    for (String p : participants) {
      if (word.length() >= 3 && p.length() > word.length() && p.startsWith(word)) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code sentence} is noise, or empty when it may carry knowledge. */
  public static Optional<String> reason(String sentence) {
    return reason(sentence, Set.of());
  }

  /**
   * Why {@code sentence} is noise, or empty when it may carry knowledge; {@code participants} (lower case) are the
   * names of a conversation's speakers, which do not make a sentence specific by themselves.
   */
  public static Optional<String> reason(String sentence, Set<String> participants) {
    String s = sentence.strip();
    if (s.endsWith("?") || s.endsWith("？")) {
      return Optional.of("question");
    }
    if (Terms.hasHan(s)) {
      if (ZH_NOISE.matcher(s).find() || participants.isEmpty() && LINK.matcher(s).find()) {
        return Optional.of("advertising or boilerplate");
      }
    } else {
      // in a conversation an address or a link is something a speaker gives ("bills will now go to a.karim@mail.com"),
      // in a report it is where the publisher sends the reader
      if (participants.isEmpty() && LINK.matcher(s).find() || CALL_TO_ACTION.matcher(s).find()) {
        return Optional.of("call to action or advertising");
      }
      if (BOILERPLATE.matcher(s).find()) {
        return Optional.of("site or legal boilerplate");
      }
    }
    Signature sig = Signature.of(s);
    Set<String> named = new LinkedHashSet<>(sig.nameWords());
    named.removeIf(w -> isParticipant(w, participants));
    boolean specific = !named.isEmpty() || !sig.figures().isEmpty() || !sig.times().isEmpty();
    if (Terms.hasHan(s)) {
      int distinct = new LinkedHashSet<>(Terms.of(s)).size();
      return distinct < MIN_CONTENT_TERMS + 1 && !(specific && distinct >= 2) ? Optional.of("no content") : Optional.empty();
    }
    Set<String> content = contentWords(s);
    content.removeIf(w -> isParticipant(w, participants));
    if (PHATIC.matcher(s).find() && content.size() < MIN_CONTENT_TERMS + 1 && !specific) {
      return Optional.of("greeting or filler");
    }
    // a conversation's line needs one content word more than a report's: chat wraps little in many words
    int needed = participants.isEmpty() ? MIN_CONTENT_TERMS : MIN_CONTENT_TERMS + 3;
    // a name, figure or date makes a short line specific; in a conversation it still needs two content words besides
    // the names ("Totally agree, Mel." names only whom it answers, "Go Oscar!" only cheers)
    int neededWhenSpecific = participants.isEmpty() ? 1 : 2;
    Set<String> besidesNames = new LinkedHashSet<>(content);
    besidesNames.removeAll(sig.nameWords());
    int specificContent = participants.isEmpty() ? content.size() : besidesNames.size();
    if (content.size() < needed && !(specific && specificContent >= neededWhenSpecific)) {
      return Optional.of("no content");
    }
    return Optional.empty();
  }
}
