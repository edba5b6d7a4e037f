-- Tenants and their API keys. A key's secret is never stored: only the SHA-256 of the whole key.
create table tenants (
  id                    text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$'),
  name                  text        not null,
  created_at            timestamptz not null default now(),
  -- per-tenant rate limit override; null = the configured one
  rate_limit_per_second double precision check (rate_limit_per_second > 0),
  rate_limit_burst      integer     check (rate_limit_burst > 0)
);

create table api_keys (
  id           text primary key,
  tenant_id    text        not null references tenants (id),
  name         text        not null,
  secret_hash  bytea       not null,
  scopes       text[]      not null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
create index api_keys_tenant on api_keys (tenant_id, created_at);

-- Second wall behind the admin API's own checks: a transaction sees the rows of the tenant it set in
-- engram.tenant_id, or every row when it acts for the platform ('*': key lookup, platform admin).
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
  using (id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*')
  with check (id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*');

alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy tenant_isolation on api_keys
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*')
  with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*');
