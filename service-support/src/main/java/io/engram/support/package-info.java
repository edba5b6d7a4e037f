/** What every servlet service shares, wired by auto-configuration. */
@NullMarked
package io.engram.support;

import org.jspecify.annotations.NullMarked;
