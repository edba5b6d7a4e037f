-- BM25 over packed postings (issue 18): the postings of a collection's common terms also kept as blocks of
-- delta-coded (chunk, tf, dl) triples, so that a query reads a few rows per term instead of one row per posting
-- and scores them in the service. The postings table stays the source of truth; the blocks are a copy that is
-- used only while it is fresh.
select set_config('engram.system', 'on', true);

-- a stamp that changes whenever a term's postings change (every write or delete of its postings updates its
-- term_stats row); drawn from a sequence, so that a stamp never comes back, not even after the row is replaced
create sequence term_changes cache 100;
alter table term_stats add column changes bigint not null default nextval('term_changes');

-- the terms whose postings are packed, with the stamp of term_stats they were packed at: a term's blocks are
-- used only while its term_stats row still carries that stamp
create table packed_terms (
  collection_id bigint not null references collections (id) on delete cascade,
  term          text not null,
  tenant_id     text not null,
  changes       bigint not null,
  postings      integer not null,
  blocks        integer not null,
  primary key (collection_id, term)
);

-- blocks of at most 256 postings in chunk order: data holds, per posting, the chunk id (the first as is, then the
-- difference to the previous), tf and dl, each as an unsigned LEB128 varint; small enough to stay in the row
create table packed_blocks (
  collection_id bigint not null,
  term          text not null,
  block         integer not null,
  tenant_id     text not null,
  postings      integer not null,
  max_impact    real not null,
  data          bytea not null,
  primary key (collection_id, term, block),
  foreign key (collection_id, term) references packed_terms (collection_id, term) on delete cascade
);
alter table packed_blocks alter column data set storage main;

alter table packed_terms enable row level security;
alter table packed_terms force row level security;
create policy tenant_isolation on packed_terms
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
  with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on');
alter table packed_blocks enable row level security;
alter table packed_blocks force row level security;
create policy tenant_isolation on packed_blocks
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
  with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on');
