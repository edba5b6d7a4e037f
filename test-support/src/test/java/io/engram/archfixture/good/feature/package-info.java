/** Fixture: a package that keeps the rules. */
@NullMarked
package io.engram.archfixture.good.feature;

import org.jspecify.annotations.NullMarked;
