/** Tenant-scoped transactions backing PostgreSQL row-level security. */
@NullMarked
package io.engram.support.tenancy;

import org.jspecify.annotations.NullMarked;
