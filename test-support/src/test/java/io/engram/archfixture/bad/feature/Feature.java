package io.engram.archfixture.bad.feature;

import io.engram.archfixture.bad.RootConfiguration;
import io.engram.archfixture.bad.config.Wiring;

/** Fixture: a feature that imports the wiring, both the config package and a root @Configuration. */
public class Feature {
  Wiring wiring;
  RootConfiguration root;
}
