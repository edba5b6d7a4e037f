-- Who changed what through the admin API: one row per tenant created, key created or revoked and rate limit
-- changed, written in the transaction of the change itself. The actor is the acting key's public id
-- ('bootstrap' for the platform admin key), never a secret.
create table admin_audit (
  id              bigint generated always as identity primary key,
  at              timestamptz not null default now(),
  tenant_id       text        not null references tenants (id),
  action          text        not null check (action in ('tenant.created', 'key.created', 'key.revoked', 'rate-limit.changed')),
  actor_key_id    text        not null,
  -- the acting key's tenant; null for the platform admin
  actor_tenant_id text,
  target_key_id   text,
  details         jsonb       not null default '{}',
  request_id      text
);
create index admin_audit_tenant on admin_audit (tenant_id, at desc, id desc);

-- append-only: the service never changes or removes a record
create function admin_audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'gateway.admin_audit is append-only';
end $$;
create trigger admin_audit_append_only before update or delete on admin_audit
  for each row execute function admin_audit_append_only();

alter table admin_audit enable row level security;
alter table admin_audit force row level security;
create policy tenant_isolation on admin_audit
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*')
  with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.tenant_id', true) = '*');
