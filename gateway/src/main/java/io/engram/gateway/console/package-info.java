/**
 * The web console: its page at {@code /} and its bundle under {@code /console/} come from the
 * {@code engram-console} jar's {@code static/} folder; this package serves the page and gives every console
 * response headers that keep it to its own origin.
 */
@NullMarked
package io.engram.gateway.console;

import org.jspecify.annotations.NullMarked;
