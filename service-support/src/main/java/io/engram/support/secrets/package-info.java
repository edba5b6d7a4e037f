/**
 * Start-up guard for the secrets every service needs: outside the {@code local} profile a service refuses to
 * start without its identity secret and database password instead of falling back to public defaults.
 */
@NullMarked
package io.engram.support.secrets;

import org.jspecify.annotations.NullMarked;
