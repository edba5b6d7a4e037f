package io.engram.llm.generate;

import io.engram.llm.fusion.Passage;
import java.util.List;

/** A few short encyclopedia-style passages (written for these tests) to answer from. */
public final class Corpus {

  private Corpus() {
  }

  public static final List<Passage> PASSAGES = List.of(
      Passage.chunk("strauss-1", "d-strauss", "kb", "Richard Strauss",
          "Richard Strauss was a German composer and conductor. He was born in Munich on 11 June 1864. "
              + "His tone poems include Don Juan and Also sprach Zarathustra.", 0.9),
      Passage.chunk("munich-1", "d-munich", "kb", "Munich",
          "Munich is the capital of Bavaria. The Isar river flows through the city from south to north. "
              + "Its Oktoberfest draws millions of visitors every autumn.", 0.7),
      Passage.chunk("vienna-1", "d-vienna", "kb", "Vienna",
          "Vienna is the capital of Austria. The Danube river flows through the city. "
              + "Vienna was home to Mozart, Beethoven and Schubert.", 0.6),
      Passage.chunk("london-1", "d-london", "kb", "London",
          "London is the capital of England. The Thames river flows through the city. "
              + "It was founded by the Romans as Londinium.", 0.5),
      Passage.chunk("mahler-1", "d-mahler", "kb", "Gustav Mahler",
          "Gustav Mahler was an Austro-Bohemian composer, born in Kaliste in 1860. "
              + "He directed the Vienna Court Opera for ten years.", 0.4),
      Passage.chunk("paris-1", "d-paris", "kb", "Paris",
          "Paris is the capital of France. The Seine river flows through the city. "
              + "The Louvre is the most visited museum in the world.", 0.3),
      Passage.chunk("zara-1", "d-zara", "kb", "Also sprach Zarathustra",
          "Also sprach Zarathustra is a tone poem composed in 1896. It was inspired by a novel of Friedrich Nietzsche.", 0.2),
      Passage.chunk("bavaria-1", "d-bavaria", "kb", "Bavaria",
          "Bavaria is a state in the south-east of Germany. Its largest city is Munich.", 0.1));
}
