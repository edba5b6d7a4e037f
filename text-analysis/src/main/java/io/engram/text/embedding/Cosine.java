package io.engram.text.embedding;

/** Cosine similarity of two embedding vectors, the one copy the services share. */
public final class Cosine {

  private Cosine() {
  }

  /** Cosine of {@code a} and {@code b}; 0 when either is missing or zero, or their lengths differ (other models). */
  public static double of(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
