-- Meaning-based decisions: an item's name words (what it is about, for candidates that share a subject) and the
-- vector of its frame (the statement with names, figures and times masked, for change detection); closed_at is the
-- system time at which valid_to was set, so that recall can answer what the store believed at a system time.
select set_config('engram.system', 'on', true);
alter table items add column name_words text[] not null default '{}';
alter table items add column frame_embedding vector;
alter table items add column closed_at timestamptz;
update items set closed_at = recorded_at where valid_to is not null;
create index items_names on items using gin (name_words);
create index items_model on items (tenant_id, namespace, model, kind);
