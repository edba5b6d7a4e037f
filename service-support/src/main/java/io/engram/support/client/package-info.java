/** Calls from one Engram service to another. */
package io.engram.support.client;
