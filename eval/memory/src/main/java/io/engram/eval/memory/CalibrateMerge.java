package io.engram.eval.memory;

import io.engram.memory.extract.Signature;
import io.engram.text.embedding.Cosine;
import io.engram.text.embedding.EmbeddingModels;
import io.engram.text.embedding.TextEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/calibrate-merge <pairs.tsv> [--model M] [--same 4.0]}: calibrates "says the same thing" on scored
 * sentence pairs (STS-B layout: genre, source, sentence1, sentence2, score 0-5). A pair is the same statement when
 * its score is at least {@code --same}. The merge rule under test is the write path's: cosine of the two
 * statements' vectors at or above a threshold, and signatures that agree on names, figures and times
 * ({@link Signature#compatibleWith}). The threshold is chosen on the even rows (the one with the best F0.5: a false
 * merge loses a fact, a missed one only costs space) and reported on the odd rows, per genre. Last line:
 * {@code threshold=<t> precision=<p> recall=<r> f1=<f> precisionNoGuard=<p0> recallNoGuard=<r0> pairs=<n>} (odd rows).
 */
public final class CalibrateMerge {

  record Pair(String genre, String a, String b, double score, double cosine, boolean compatible) {
  }

  private CalibrateMerge() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: calibrate-merge <pairs.tsv> [--model M] [--same 4.0]");
      System.exit(2);
    }
    String model = EvalRuntime.arg(args, "--model", "all-minilm-l6-v2-q");
    double same = Double.parseDouble(EvalRuntime.arg(args, "--same", "4.0"));
    List<Pair> pairs = new ArrayList<>();
    try (EmbeddingModels models = new EmbeddingModels(2, 16)) {
      TextEmbedder embedder = models.get(model);
      List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t");
        if (f.length < 5) {
          continue;
        }
        List<float[]> v = embedder.embedDocuments(List.of(f[2], f[3]));
        pairs.add(new Pair(f[0], f[2], f[3], Double.parseDouble(f[4]), Cosine.of(v.get(0), v.get(1)),
            Signature.of(f[2]).compatibleWith(Signature.of(f[3]))));
      }
    }
    List<Pair> tune = new ArrayList<>();
    List<Pair> report = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      (i % 2 == 0 ? tune : report).add(pairs.get(i));
    }
    double best = 0;
    double bestF = -1;
    for (int t = 50; t <= 99; t++) {
      double threshold = t / 100.0;
      double[] prf = prf(tune, threshold, same, true);
      double p = prf[0];
      double r = prf[1];
      double f05 = p + r == 0 ? 0 : 1.25 * p * r / (0.25 * p + r);
      if (f05 > bestF) {
        bestF = f05;
        best = threshold;
      }
    }
    System.out.printf(Locale.ROOT, "model %s, same meaning = score >= %.1f; %d pairs tuned (even rows), %d reported (odd rows)%n",
        model, same, tune.size(), report.size());
    for (String genre : List.of("main-news", "main-captions", "main-forums")) {
      List<Pair> g = report.stream().filter(p -> p.genre().equals(genre)).toList();
      double[] prf = prf(g, best, same, true);
      System.out.printf(Locale.ROOT, "  %-14s precision %.3f recall %.3f (%d pairs, %d same)%n", genre, prf[0], prf[1], g.size(),
          g.stream().filter(p -> p.score() >= same).count());
    }
    if (System.getenv("EVAL_VERBOSE") != null) {
      for (Pair p : report) {
        boolean merge = p.cosine() >= best && p.compatible();
        if (merge != (p.score() >= same)) {
          System.out.printf(Locale.ROOT, "  %s %s cos %.3f score %.1f: %s | %s%n", merge ? "false merge" : "missed", p.genre(),
              p.cosine(), p.score(), p.a(), p.b());
        }
      }
    }
    double[] guarded = prf(report, best, same, true);
    double[] plain = prf(report, best, same, false);
    double f1 = guarded[0] + guarded[1] == 0 ? 0 : 2 * guarded[0] * guarded[1] / (guarded[0] + guarded[1]);
    System.out.printf(Locale.ROOT, "threshold=%.2f precision=%.4f recall=%.4f f1=%.4f precisionNoGuard=%.4f recallNoGuard=%.4f pairs=%d%n",
        best, guarded[0], guarded[1], f1, plain[0], plain[1], report.size());
  }

  /** Precision and recall of "merge" (cosine >= threshold, and compatible when guarded) against score >= same. */
  static double[] prf(List<Pair> pairs, double threshold, double same, boolean guard) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (Pair p : pairs) {
      boolean merge = p.cosine() >= threshold && (!guard || p.compatible());
      boolean truth = p.score() >= same;
      if (merge && truth) {
        tp++;
      } else if (merge) {
        fp++;
      } else if (truth) {
        fn++;
      }
    }
    return new double[] {tp + fp == 0 ? 1 : (double) tp / (tp + fp), tp + fn == 0 ? 0 : (double) tp / (tp + fn)};
  }
}
