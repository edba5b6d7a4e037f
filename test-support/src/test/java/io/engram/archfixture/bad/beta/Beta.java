package io.engram.archfixture.bad.beta;

import io.engram.archfixture.bad.alpha.Alpha;

/** Fixture: imports alpha, which imports beta (a cycle). */
public class Beta {
  Alpha alpha;
}
