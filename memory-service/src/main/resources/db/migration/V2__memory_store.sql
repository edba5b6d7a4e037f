-- The memory store. Every table holds tenant data, so every table has tenant_id and a FORCEd row-level
-- security policy (the application role owns the tables; without FORCE the owner would bypass it).
-- Nothing is ever deleted: superseded items are closed (valid_to, superseded_by), archived items are
-- flagged, abstractions demote their members instead of replacing them.

create table namespaces (
  tenant_id       text        not null,
  name            text        not null,
  created_at      timestamptz not null default now(),
  event_count     bigint      not null default 0,
  ingested_tokens bigint      not null default 0,
  primary key (tenant_id, name)
);

create table events (
  id          bigserial   primary key,
  tenant_id   text        not null,
  namespace   text        not null,
  client_id   text        not null,
  seq         bigint      not null,
  kind        text        not null check (kind in ('interaction', 'document', 'stream', 'note')),
  text        text        not null,
  payload     jsonb,
  event_time  timestamptz not null,
  recorded_at timestamptz not null default now(),
  sources     text[]      not null default '{}',
  tokens      int         not null,
  simhash     bigint,
  unique (tenant_id, namespace, client_id)
);

create table items (
  id            uuid        primary key,
  tenant_id     text        not null,
  namespace     text        not null,
  kind          text        not null check (kind in ('fact', 'episode', 'abstraction')),
  statement     text        not null,
  subject_key   text,
  subject_text  text,
  attribute_key text,
  attribute_text text,
  value_key     text,
  value_text    text,
  numbers       double precision[] not null default '{}',
  dates         date[]      not null default '{}',
  content_key   text        not null,
  embedding     vector,
  model         text,
  terms         text[]      not null default '{}',
  valid_from    timestamptz not null,
  valid_to      timestamptz,
  recorded_at   timestamptz not null default now(),
  superseded_by uuid,
  support       int         not null default 1,
  use_count     int         not null default 0,
  last_seq      bigint      not null,
  created_seq   bigint      not null,
  archived      boolean     not null default false,
  demoted       boolean     not null default false,
  tokens        int         not null
);
create index items_slot on items (tenant_id, namespace, subject_key, attribute_key) where valid_to is null;
create index items_content on items (tenant_id, namespace, content_key) where valid_to is null;
create index items_live on items (tenant_id, namespace, archived) where valid_to is null;
create index items_terms on items using gin (terms);

create table provenance (
  tenant_id   text   not null,
  item_id     uuid   not null references items (id),
  event_id    bigint not null references events (id),
  client_id   text   not null,
  source_refs text[] not null default '{}',
  primary key (item_id, event_id)
);
create index provenance_event on provenance (event_id);

create table item_history (
  id          bigserial   primary key,
  tenant_id   text        not null,
  item_id     uuid        not null references items (id),
  action      text        not null,
  other_id    uuid,
  event_id    bigint,
  at          timestamptz not null,
  recorded_at timestamptz not null default now(),
  note        text
);
create index item_history_item on item_history (item_id);

create table abstraction_members (
  tenant_id      text not null,
  abstraction_id uuid not null references items (id),
  member_id      uuid not null references items (id),
  primary key (abstraction_id, member_id)
);
create index abstraction_members_member on abstraction_members (member_id);

do $$
declare t text;
begin
  foreach t in array array['namespaces', 'events', 'items', 'provenance', 'item_history', 'abstraction_members'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format($p$create policy tenant_isolation on %I
      using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
      with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')$p$, t);
  end loop;
end $$;
