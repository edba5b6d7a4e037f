/** The signed internal identity that the gateway forwards and every service verifies. */
package io.engram.support.identity;
