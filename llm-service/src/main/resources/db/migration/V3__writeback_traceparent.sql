-- The W3C traceparent of the answer that queued the row: its delivery to memory, however late, is traced as
-- part of that answer's trace. Null when the answer was not traced.
alter table writeback_outbox add column traceparent text;
