package io.engram.archfixture.good.config;

import io.engram.archfixture.good.feature.Feature;

/** Fixture: the wiring imports a feature. */
public class Wiring {
  Feature feature;
}
