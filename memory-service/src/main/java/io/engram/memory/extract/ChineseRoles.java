package io.engram.memory.extract;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who holds which post in Chinese text, read from HanLP's part-of-speech tags (HanLP portable: a person name is tagged
 * {@code nr}, a post or title {@code nnt}) rather than from a list of posts: a title right before a name ("院长周文涛",
 * "公司首席执行官张伟"), or a name that takes a post ("任命李明为公司总经理", "孙晓岚接替周文涛出任院长"). The title keeps up
 * to two nouns before it that narrow it ("财务总监", "首席执行官") and a deputy's 副. No role is given in a clause where
 * someone leaves a post ("辞去", "卸任"), nor to a former holder ("原董事长王建国"). Two known HanLP slips are mended:
 * a take-post word glued to the name ("李明为") and a given name cut off the surname ("孙晓/岚").
 */
public final class ChineseRoles {

  private static final Pattern CLAUSES = Pattern.compile("[，。；;！？!?、,：:（）()\\n「」“”\"]");
  /** Leaving a post: the clause gives no one a role. */
  private static final Pattern LEAVING = Pattern.compile("辞去|辞职|请辞|卸任|离职|离任|不再|免去|被免|免职|解聘|退休|下台|去职");
  /** A former holder is named with these before the title. */
  private static final Set<String> FORMER = Set.of("原", "前", "老", "时任", "曾任", "曾", "前任", "原任", "已故");
  /** Words by which a name takes a post (after it, before the title). */
  private static final Set<String> TAKE = Set.of("任", "为", "出任", "担任", "当选", "当选为", "成为", "执掌", "接任", "升任", "就任",
      "兼任", "转任", "改任", "获任", "继任", "出掌", "履新", "接掌", "晋升为", "升为", "任职");
  /** Words by which a name follows another in a post: the name before them is the holder, the one after the predecessor. */
  private static final Set<String> REPLACE = Set.of("接替", "接任", "取代", "继任", "替代", "顶替");
  /** Nouns that narrow a title ("财务总监"); an institution ("公司", "医院": nis) names the organisation, not the post. */
  private static final Set<String> MODIFIER = Set.of("n", "nnd", "vn", "gi", "gm");

  private ChineseRoles() {
  }

  /** The roles a Chinese statement gives to the names it holds. */
  public static List<Roles> of(String text) {
    List<Roles> out = new ArrayList<>();
    for (String clause : CLAUSES.split(text)) {
      if (clause.isBlank() || LEAVING.matcher(clause).find()) {
        continue;
      }
      List<Term> terms = segment(clause);
      for (int i = 0; i < terms.size(); i++) {
        if (!isTitle(terms.get(i))) {
          continue;
        }
        int start = titleStart(terms, i);
        if (start > 0 && FORMER.contains(terms.get(start - 1).word)) {
          continue; // "原董事长王建国": a former holder
        }
        String title = join(terms, start, i + 1);
        // a title and then the name: "院长周文涛"
        if (i + 1 < terms.size() && isPerson(terms.get(i + 1))) {
          add(out, title, terms.get(i + 1).word, clause);
        }
        // a name that takes the post: "李明担任总经理", "任命李明为公司总经理", "孙晓岚接替周文涛出任院长"
        int k = start - 1;
        for (int skipped = 0; k >= 0 && skipped < 5 && !TAKE.contains(terms.get(k).word) && isNounish(terms.get(k)); skipped++) {
          k--; // the organisation named between ("出任华星科技总经理", "为第一人民医院院长")
        }
        if (k >= 1 && TAKE.contains(terms.get(k).word) && isPerson(terms.get(k - 1))) {
          int p = k - 1;
          if (p >= 2 && REPLACE.contains(terms.get(p - 1).word)) {
            if (isPerson(terms.get(p - 2))) {
              add(out, title, terms.get(p - 2).word, clause);
            }
          } else {
            add(out, title, terms.get(p).word, clause);
          }
        }
      }
    }
    return out;
  }

  /** The titles a text names, with the nouns that narrow them ("华星科技集团的总经理是谁？": 总经理). */
  public static List<String> titles(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String clause : CLAUSES.split(text)) {
      List<Term> terms = segment(clause);
      for (int i = 0; i < terms.size(); i++) {
        if (isTitle(terms.get(i))) {
          out.add(join(terms, titleStart(terms, i), i + 1));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The person names a text holds ("孙立成为什么辞去瑞丰智造董事长？": 孙立成). */
  public static List<String> persons(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String clause : CLAUSES.split(text)) {
      for (Term t : segment(clause)) {
        if (isPerson(t)) {
          out.add(t.word);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Whether two titles name one post: one ends with the other ("公司总经理", "总经理"; "首席执行官", "执行官") and both or
   * neither are a deputy's ("副总经理" is not "总经理").
   */
  public static boolean sameTitle(String a, String b) {
    return (a.endsWith(b) || b.endsWith(a)) && a.contains("副") == b.contains("副");
  }

  private static boolean isTitle(Term t) {
    if ("nnt".equals(t.nature.toString())) {
      return true;
    }
    if (t.word.length() < 2) {
      return false;
    }
    var attribute = CustomDictionary.get(t.word);
    if (attribute == null) {
      return false;
    }
    for (var n : attribute.nature) {
      if ("nnt".equals(n.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPerson(Term t) {
    return t.nature.toString().startsWith("nr") && t.word.length() >= 2 && t.word.length() <= 4;
  }

  private static boolean isNounish(Term t) {
    String n = t.nature.toString();
    return n.startsWith("n") && !n.startsWith("nr") || "j".equals(n) || "m".equals(n) || "mq".equals(n) || "b".equals(n);
  }

  /** Up to two narrowing nouns and a deputy's 副 before the title at {@code i}. */
  private static int titleStart(List<Term> terms, int i) {
    int start = i;
    for (int taken = 0; start > 0 && taken < 2 && MODIFIER.contains(terms.get(start - 1).nature.toString())
        && !isTitle(terms.get(start - 1)) && !TAKE.contains(terms.get(start - 1).word); taken++) {
      start--;
    }
    if (start > 0 && terms.get(start - 1).word.equals("副")) {
      start--;
    }
    return start;
  }

  private static String join(List<Term> terms, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k < to; k++) {
      b.append(terms.get(k).word);
    }
    return b.toString();
  }

  /** A clause's words and tags, HanLP's slips mended. */
  private static List<Term> segment(String clause) {
    return mend(HanLP.segment(clause));
  }

  /**
   * Mends two slips of the segmenter: a one-character take-post word glued to a name ("李明为" -> "李明" "为"), and a name
   * cut after two characters with its last one left over ("孙晓" "岚" -> "孙晓岚") or a name split into single characters
   * after a title ("行长" "赵" "磊" -> "赵磊").
   */
  static List<Term> mend(List<Term> segmented) {
    List<Term> out = new ArrayList<>();
    for (int i = 0; i < segmented.size(); i++) {
      Term t = segmented.get(i);
      String n = t.nature.toString();
      if (n.startsWith("nr") && t.word.length() >= 3 && TAKE.contains(t.word.substring(t.word.length() - 1))) {
        out.add(new Term(t.word.substring(0, t.word.length() - 1), t.nature));
        out.add(new Term(t.word.substring(t.word.length() - 1), com.hankcs.hanlp.corpus.tag.Nature.p));
        continue;
      }
      if (n.startsWith("nr") && t.word.length() == 2 && i + 1 < segmented.size() && loneHan(segmented.get(i + 1))
          && !TAKE.contains(segmented.get(i + 1).word) && (i + 2 >= segmented.size() || !loneHan(segmented.get(i + 2)))) {
        out.add(new Term(t.word + segmented.get(i + 1).word, t.nature));
        i++;
        continue;
      }
      if (!out.isEmpty() && isTitle(out.getLast()) && loneHan(t) && i + 1 < segmented.size() && loneHan(segmented.get(i + 1))) {
        int end = i + 2;
        if (end < segmented.size() && loneHan(segmented.get(end))) {
          end++;
        }
        out.add(new Term(join(segmented, i, end), com.hankcs.hanlp.corpus.tag.Nature.nr));
        i = end - 1;
        continue;
      }
      out.add(t);
    }
    return out;
  }

  private static void add(List<Roles> out, String title, String person, String clause) {
    Set<String> terms = new LinkedHashSet<>(Terms.of(title));
    if (!terms.isEmpty()) {
      out.add(new Roles(title, Set.copyOf(terms), Set.of(person), clause.strip()));
    }
  }

  /** A single Han character tagged as a name part or a stray noun, not a function word. */
  private static boolean loneHan(Term t) {
    String n = t.nature.toString();
    return t.word.length() == 1 && Character.UnicodeScript.of(t.word.codePointAt(0)) == Character.UnicodeScript.HAN
        && (n.startsWith("nr") || n.equals("nz") || n.equals("ng") || n.equals("n") || n.equals("j"));
  }
}
