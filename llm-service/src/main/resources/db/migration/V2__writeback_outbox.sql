-- Write-back of answered interactions to the memory service: a small transactional outbox, so that an
-- answer never waits for memory and a memory outage loses nothing (rows are retried with backoff).
create table writeback_outbox (
  tenant_id        text        not null,
  event_id         text        not null,
  namespace        text        not null,
  event            jsonb       not null,
  attempts         int         not null default 0,
  next_attempt_at  timestamptz not null default now(),
  last_error       text,
  created_at       timestamptz not null default now(),
  delivered_at     timestamptz,
  primary key (tenant_id, event_id)
);

create index writeback_outbox_due on writeback_outbox (next_attempt_at) where delivered_at is null;

alter table writeback_outbox enable row level security;
alter table writeback_outbox force row level security;
-- the relay finds due rows of every tenant as "system" (read only), then works on each inside its tenant
create policy tenant_isolation on writeback_outbox
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
  with check (tenant_id = current_setting('engram.tenant_id', true));
