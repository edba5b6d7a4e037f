/** Fixture: a package that keeps the rules. */
@NullMarked
package io.engram.archfixture.good.config;

import org.jspecify.annotations.NullMarked;
