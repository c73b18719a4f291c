-- Durable store-and-forward outbox of the sync module (history table: flyway_sync_history).

-- One counter row per device. Taking the next seq updates this row inside the caller's transaction, so the row
-- lock serialises appenders: commit order equals seq order, and a rolled-back append leaves no gap.
CREATE TABLE sync_outbox_sequence (
    device   VARCHAR(64) NOT NULL PRIMARY KEY,
    last_seq BIGINT      NOT NULL
);

-- Traces compacted under disk pressure, per device (kept apart from the counter row so compaction, which runs in
-- its own transaction, never waits for an appender's lock).
CREATE TABLE sync_outbox_compaction (
    device          VARCHAR(64) NOT NULL PRIMARY KEY,
    compacted_total BIGINT      NOT NULL,
    summaries       BIGINT      NOT NULL
);

CREATE TABLE sync_outbox (
    device        VARCHAR(64)       NOT NULL,
    seq           BIGINT            NOT NULL,
    priority      TINYINT           NOT NULL,  -- Priority.rank(): 0 alert, 1 priority trace, 2 trace
    channel       VARCHAR(16)       NOT NULL,  -- topic leaf: events, drift, traces
    kind          VARCHAR(16)       NOT NULL,  -- trace, compacted, drift, event
    created_at_ms BIGINT            NOT NULL,  -- epoch millis
    payload_bytes INT               NOT NULL,  -- UTF-8 size, what the disk budget counts
    payload       CHARACTER VARYING NOT NULL,  -- one JSON object
    CONSTRAINT pk_sync_outbox PRIMARY KEY (device, seq)
);

-- Drain order: priority, then channel, then seq.
CREATE INDEX ix_sync_outbox_drain ON sync_outbox (device, priority, channel, seq);
