package io.engram.llm.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Language-neutral term analysis for the service's own light-weight text work (sentence scoring,
 * near-duplicate detection, bridge terms): Unicode letter/digit runs, lower-cased, CJK ideographs as
 * overlapping bigrams, a small English stopword list and a light plural strip. Deliberately simpler than
 * the retrieval service's Lucene analysis: here terms are only compared with other terms of the same
 * request, never with an index. It stays beside the text-analysis module on purpose: that module's analyzers
 * stem every word (Porter), keep other function words and segment Chinese into words, so the answer path's
 * measured behaviour would change ({@code TermsVersusLuceneTests} pins the differences), and depending on the
 * module would bring its ONNX runtime and embedding models into this service.
 */
public final class Terms {

  /** Function words of English; other languages pass through (their frequent words get low IDF anyway). */
  private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but",
      "by", "can", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if",
      "in", "into", "is", "it", "its", "of", "on", "or", "she", "so", "than", "that", "the", "their", "them",
      "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where",
      "which", "who", "whom", "whose", "why", "will", "with", "would", "you", "your", "also", "both", "about",
      "after", "before", "any", "all", "not", "no", "yes", "one", "same", "other", "more", "most", "such",
      "our", "my", "me", "him", "us", "up", "out", "over", "only", "just", "very", "s", "t",
      // question words of Chinese, as the bigrams this analysis makes of them
      "什么", "哪个", "哪里", "哪些", "怎么", "是否", "多少", "为何", "如何", "几个");

  /** Very frequent function characters of Chinese, skipped as single-character terms. */
  private static final Set<String> CJK_FUNCTION_CHARS = Set.of("的", "了", "是", "在", "和", "吗", "呢", "吧", "啊",
      "也", "与", "及", "或", "个", "哪", "什", "么", "之", "其", "并");

  private Terms() {
  }

  /** The content terms of {@code text} in order (with repeats). */
  public static List<String> of(@Nullable String text) {
    List<String> terms = new ArrayList<>();
    if (text == null) {
      return terms;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (isIdeograph(cp)) {
        int start = i;
        List<Integer> run = new ArrayList<>();
        while (i < n && isIdeograph(text.codePointAt(i))) {
          run.add(text.codePointAt(i));
          i += Character.charCount(text.codePointAt(i));
        }
        // single characters carry most of the meaning in Chinese and Japanese; bigrams the word order
        for (int c : run) {
          String single = new String(Character.toChars(c));
          if (!CJK_FUNCTION_CHARS.contains(single)) {
            terms.add(single);
          }
        }
        for (int k = 0; k + 1 < run.size(); k++) {
          String bigram = new String(Character.toChars(run.get(k))) + new String(Character.toChars(run.get(k + 1)));
          if (!STOPWORDS.contains(bigram)) {
            terms.add(bigram);
          }
        }
        if (start == i) {
          i++;
        }
      } else if (Character.isLetterOrDigit(cp)) {
        int start = i;
        while (i < n) {
          int c = text.codePointAt(i);
          if (!Character.isLetterOrDigit(c) || isIdeograph(c)) {
            break;
          }
          i += Character.charCount(c);
        }
        String word = normalize(text.substring(start, i));
        if (word != null) {
          terms.add(word);
        }
      } else {
        i += Character.charCount(cp);
      }
    }
    return terms;
  }

  /** The distinct content terms of {@code text}. */
  public static Set<String> set(String text) {
    return new LinkedHashSet<>(of(text));
  }

  /** Whether {@code term} is a function word. */
  public static boolean isStopword(String term) {
    return STOPWORDS.contains(term);
  }

  /** Word 3-shingles for near-duplicate detection (falls back to terms for very short texts). */
  public static Set<String> shingles(String text) {
    List<String> terms = of(text);
    Set<String> shingles = new HashSet<>();
    if (terms.size() < 3) {
      shingles.addAll(terms);
      return shingles;
    }
    for (int k = 0; k + 2 < terms.size(); k++) {
      shingles.add(terms.get(k) + ' ' + terms.get(k + 1) + ' ' + terms.get(k + 2));
    }
    return shingles;
  }

  private static final Pattern NOT_A_SENTENCE_END = Pattern.compile(
      "(?:^|[\\s(\"“])(?:\\p{Lu}|St|Mt|Ft|Mr|Mrs|Ms|Dr|Prof|Jr|Sr|Gen|Col|Lt|Capt|Sgt|Rev|Gov|Sen|Rep)\\.$");

  /**
   * Sentences of {@code text} as [start, end) spans, trimmed; locale-neutral rules (handles CJK stops too).
   * A break after an initial ("M. Ward", "George W. Bush") or a title abbreviation ("St. Louis", "Dr. No")
   * is not a sentence end: the JDK's rules split there, cutting names in two.
   */
  public static List<int[]> sentences(String text) {
    List<int[]> spans = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      int s = start;
      int e = end;
      while (s < e && Character.isWhitespace(text.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
        e--;
      }
      if (e <= s) {
        continue;
      }
      int last = spans.size() - 1;
      if (last >= 0 && NOT_A_SENTENCE_END.matcher(text).region(spans.get(last)[0], spans.get(last)[1]).find()) {
        spans.get(last)[1] = e;
      } else {
        spans.add(new int[] {s, e});
      }
    }
    return spans;
  }

  public static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    int inter = 0;
    for (String x : a) {
      if (b.contains(x)) {
        inter++;
      }
    }
    return inter / (double) (a.size() + b.size() - inter);
  }

  /** Share of the smaller set that the larger one contains. */
  public static double containment(Set<String> a, Set<String> b) {
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    if (small.isEmpty()) {
      return 0;
    }
    int inter = 0;
    for (String x : small) {
      if (large.contains(x)) {
        inter++;
      }
    }
    return inter / (double) small.size();
  }

  private static @Nullable String normalize(String raw) {
    String word = raw.toLowerCase(Locale.ROOT);
    if (STOPWORDS.contains(word)) {
      return null;
    }
    if (word.length() == 1 && !Character.isDigit(word.charAt(0))) {
      return null;
    }
    // light plural strip, enough to match "films" with "film" without a language-specific stemmer
    if (word.length() > 4 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
      word = word.substring(0, word.length() - 1);
    }
    return word;
  }

  private static boolean isIdeograph(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA;
  }
}
