package io.engram.archfixture.bad.feature;

/** Fixture: a class named like java.util.Collections, with a nested one named like java.lang.Record. */
public class Collections {

  /** Fixture: named like java.lang.Record. */
  public record Record(String name) {
  }
}
