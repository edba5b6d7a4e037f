package io.engram.archfixture.good.feature;

import io.engram.archfixture.good.other.Other;

/** Fixture: a feature that imports another feature, one way. */
public class Feature {
  Other other;
}
