/**
 * Test-scope helpers every service's tests share: the real PostgreSQL they run against (and private clusters with a
 * replica), signed test identities, the OpenAPI documents, the package rules of the ArchitectureTests.
 */
@NullMarked
package io.engram.testsupport;

import org.jspecify.annotations.NullMarked;
