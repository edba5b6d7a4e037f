package io.engram.archfixture.bad.alpha;

import io.engram.archfixture.bad.beta.Beta;

/** Fixture: imports beta, which imports alpha (a cycle). */
public class Alpha {
  Beta beta;
}
