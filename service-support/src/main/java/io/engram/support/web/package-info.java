/** Servlet-side plumbing every service shares: request ids, identity checks, problem documents. */
@NullMarked
package io.engram.support.web;

import org.jspecify.annotations.NullMarked;
