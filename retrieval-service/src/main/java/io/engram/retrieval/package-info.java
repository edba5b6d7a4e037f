/** The retrieval service application and its settings ({@code engram.retrieval.*}). */
@NullMarked
package io.engram.retrieval;

import org.jspecify.annotations.NullMarked;
