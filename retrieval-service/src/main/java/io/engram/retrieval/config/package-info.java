/** Retrieval settings and the optional chat model. */
package io.engram.retrieval.config;
