-- The write path places every slot statement on its slot's timeline (the item valid at the event time, or the
-- next one after it), closed items included. items_slot only covers open items, so those lookups scanned the
-- whole table (every tenant's items): ~12 ms a statement at 6k rows, growing with the table.
create index items_timeline on items (tenant_id, namespace, subject_key, attribute_key, valid_from)
  where subject_key is not null;
