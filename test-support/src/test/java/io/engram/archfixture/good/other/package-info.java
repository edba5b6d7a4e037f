/** Fixture: a package that keeps the rules. */
@NullMarked
package io.engram.archfixture.good.other;

import org.jspecify.annotations.NullMarked;
