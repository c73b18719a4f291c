-- Trace retention (docs/trace.md, "Retention"): a trace may be deleted only once its outbox item has left the
-- outbox (published, or receipted, or compacted). The recorder writes the outbox seq its trace got, in the same
-- transaction; traces stored before this version (or without sync) have none and follow the rule for unknown seqs.
ALTER TABLE agent_trace ADD COLUMN outbox_seq BIGINT;
