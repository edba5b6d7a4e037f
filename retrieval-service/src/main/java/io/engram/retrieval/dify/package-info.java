/**
 * Dify's external knowledge API ({@code POST /v1/dify/retrieval}): a Dify "external knowledge base" is a
 * collection of the caller's tenant, searched with the platform's own pipeline and metadata filter.
 */
@NullMarked
package io.engram.retrieval.dify;

import org.jspecify.annotations.NullMarked;
