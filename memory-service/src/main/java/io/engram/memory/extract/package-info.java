/** Extraction: turns an event's text into candidate statements (facts with subject, attribute and value when found). */
@NullMarked
package io.engram.memory.extract;

import org.jspecify.annotations.NullMarked;
