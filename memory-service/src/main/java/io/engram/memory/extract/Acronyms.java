package io.engram.memory.extract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acronyms and the words they abbreviate, read from the texts themselves: "CEO" and "chief executive (officer)",
 * "IPO" and "initial public offering". An acronym is spelled by a run of consecutive words whose initials are its
 * letters, or all but its last (titles drop a trailing "officer"). No word list: any acronym in any domain.
 */
public final class Acronyms {

  private static final Pattern ACRONYM = Pattern.compile("\\b(\\p{Lu}{2,5})s?\\b");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");

  private Acronyms() {
  }

  /** The acronyms of a text, upper case; none in a text written in capitals (a headline). */
  public static Set<String> in(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (Signature.shouting(text)) {
      return out;
    }
    Matcher m = ACRONYM.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The words of {@code text} that spell {@code acronym}, if a run of them does. */
  public static Optional<String> spelledIn(String acronym, String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    String letters = acronym.toLowerCase(Locale.ROOT);
    for (int need = letters.length(); need >= Math.max(2, letters.length() - 1); need--) {
      for (int i = 0; i + need <= words.size(); i++) {
        boolean spelled = true;
        for (int k = 0; k < need && spelled; k++) {
          String w = words.get(i + k);
          spelled = w.length() > 2 && Character.toLowerCase(w.charAt(0)) == letters.charAt(k);
        }
        if (spelled) {
          return Optional.of(String.join(" ", words.subList(i, i + need)));
        }
      }
    }
    return Optional.empty();
  }
}
