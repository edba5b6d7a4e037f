-- The learning loop's counters per namespace: answers written back (knowledge with its sources), and later
-- answers that used memory those write-backs stated.
alter table namespaces add column answers_written_back bigint not null default 0;
alter table namespaces add column answers_using_memory bigint not null default 0;
