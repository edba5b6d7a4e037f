-- Flyway callback shared by every service (service-support is on each service's classpath, and Flyway reads every
-- classpath root's db/migration): before every migrate, that is at every start, it (re)creates in the service's own
-- schema the function that puts a table under the platform's row-level security policy, so that a new table's
-- migration says `select enable_tenant_isolation('<table>');` instead of copying the policy block. The block that
-- retrieval's and memory's V2 migrations copied stays as it is: applied migrations cannot change (checksums).
-- The policy: a row is visible and writable only inside its tenant's transaction (engram.tenant_id, set by
-- TenantTransactions.inTenant) or to background work across tenants (engram.system = 'on', asSystem); FORCE
-- because the application role owns the tables and would otherwise bypass it.
create or replace function enable_tenant_isolation(t regclass) returns void language plpgsql as $fn$
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format($p$create policy tenant_isolation on %s
    using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
    with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')$p$, t);
end
$fn$;
