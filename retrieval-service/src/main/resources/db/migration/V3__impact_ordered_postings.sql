-- BM25 with early termination (issue 18): postings readable in impact order, document frequencies kept
-- per term instead of counted at query time.
select set_config('engram.system', 'on', true); -- the backfill below must see every tenant's rows (row-level security)

-- The BM25 parameters and the average chunk length the impacts of a collection were computed with. The
-- average length drifts as the collection grows; the query bounds an impact computed with impact_avgdl
-- for the current average (see LexicalRecall), so the ranking stays exact whatever the drift.
alter table collections add column impact_k1 double precision;
alter table collections add column impact_b double precision;
alter table collections add column impact_avgdl double precision;

-- impact = tf / (tf + k1 * (1 - b + b * dl / impact_avgdl)): the BM25 term-frequency part, which orders a
-- term's postings from the best-scoring chunk down.
alter table postings add column impact real;

-- document frequency per term, maintained by every write and delete of postings
create table term_stats (
  collection_id bigint not null references collections (id) on delete cascade,
  term          text not null,
  tenant_id     text not null,
  df            integer not null,
  primary key (collection_id, term)
);

update collections set impact_k1 = 0.9, impact_b = 0.4,
  impact_avgdl = greatest(total_terms::float8 / chunk_count, 1) where chunk_count > 0;
update postings p set impact = p.tf / (p.tf + c.impact_k1 * (1 - c.impact_b + c.impact_b * p.dl / c.impact_avgdl))
  from collections c where c.id = p.collection_id;
alter table postings alter column impact set not null;
insert into term_stats (collection_id, term, tenant_id, df)
  select collection_id, term, min(tenant_id), count(*) from postings group by collection_id, term;

-- a term's postings from the highest impact down (read backwards), with what scoring and row-level
-- security need, so that the scan stays index-only
create index postings_impact on postings (collection_id, term, impact, chunk_id) include (tf, dl, tenant_id);

alter table term_stats enable row level security;
alter table term_stats force row level security;
create policy tenant_isolation on term_stats
  using (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on')
  with check (tenant_id = current_setting('engram.tenant_id', true) or current_setting('engram.system', true) = 'on');
