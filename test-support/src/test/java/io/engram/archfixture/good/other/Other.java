package io.engram.archfixture.good.other;

/** Fixture: a feature that imports nothing. */
public class Other {
}
