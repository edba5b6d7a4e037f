/** Servlet-side plumbing every service shares: request ids, identity checks, problem documents. */
package io.engram.support.web;
