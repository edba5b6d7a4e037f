package io.engram.memory.extract;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Charikar's SimHash (Charikar, "Similarity estimation techniques from rounding algorithms", STOC 2002) over
 * word bigrams of a text's analyzed terms: near-duplicate texts get fingerprints a few bits apart. 64 bits,
 * FNV-1a per feature; deterministic across runs and machines.
 */
public final class SimHash {

  private SimHash() {
  }

  public static long of(String text) {
    List<String> terms = Terms.of(text);
    int[] weights = new int[64];
    int features = 0;
    for (int i = 0; i < terms.size(); i++) {
      String feature = i + 1 < terms.size() ? terms.get(i) + " " + terms.get(i + 1) : terms.get(i);
      long h = fnv1a(feature);
      for (int bit = 0; bit < 64; bit++) {
        weights[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
      }
      features++;
    }
    if (features == 0) {
      return fnv1a(text.strip());
    }
    long hash = 0;
    for (int bit = 0; bit < 64; bit++) {
      if (weights[bit] > 0) {
        hash |= 1L << bit;
      }
    }
    return hash;
  }

  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
