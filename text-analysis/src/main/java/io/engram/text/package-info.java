/** Text analysis and embedding shared by the services, wired by auto-configuration. */
@NullMarked
package io.engram.text;

import org.jspecify.annotations.NullMarked;
