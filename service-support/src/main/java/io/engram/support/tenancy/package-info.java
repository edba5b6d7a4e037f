/** Tenant-scoped transactions backing PostgreSQL row-level security. */
package io.engram.support.tenancy;
