-- One row per append group instead of one row per item (issue 8): a group is a run of consecutive seqs of one
-- priority and kind appended in one call, stored as the items' JSON exactly as they go into an envelope, so the drain
-- claims, encodes and deletes a few rows per MQTT message instead of one per item. A row is never split: a message
-- carries whole groups, and a receipt deletes a group once it covers every seq of it.
ALTER TABLE sync_outbox RENAME TO sync_outbox_v1;

CREATE TABLE sync_outbox (
    device        VARCHAR(64)       NOT NULL,
    seq           BIGINT            NOT NULL,  -- first seq of the group, the row's key
    last_seq      BIGINT            NOT NULL,  -- last seq; the group holds every seq in [seq, last_seq]
    priority      TINYINT           NOT NULL,  -- Priority.rank(): 0 alert, 1 priority trace, 2 trace
    channel       VARCHAR(16)       NOT NULL,  -- topic leaf: events, drift, traces
    kind          VARCHAR(16)       NOT NULL,  -- trace, compacted, drift, event
    created_at_ms BIGINT            NOT NULL,  -- epoch millis
    payload_bytes INT               NOT NULL,  -- UTF-8 size of items, what the disk budget counts
    -- the envelope items {"seq":..,"payload":{..}} joined by commas, UTF-8: bytes, because H2 reads and writes long
    -- strings char by char, and the drain sends bytes anyway
    items         BINARY VARYING    NOT NULL,
    CONSTRAINT pk_sync_outbox_group PRIMARY KEY (device, seq)
);

INSERT INTO sync_outbox (device, seq, last_seq, priority, channel, kind, created_at_ms, payload_bytes, items)
SELECT device, seq, seq, priority, channel, kind, created_at_ms, payload_bytes,
       STRINGTOUTF8('{"seq":' || seq || ',"kind":"' || kind || '","created_at":"'
       || FORMATDATETIME(DATEADD(MILLISECOND, created_at_ms, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00Z'),
                         'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''', 'en', 'UTC')
       || '","payload":' || payload || '}')
FROM sync_outbox_v1;

DROP TABLE sync_outbox_v1;

-- Drain order: priority, then channel, then seq.
CREATE INDEX ix_sync_outbox_group_drain ON sync_outbox (device, priority, channel, seq);
-- Covers the pending counts (status page, awaitDrained): without it they read every row, items included, which after
-- a long outage is the whole backlog (up to the 256 MiB budget) from disk on every status poll.
CREATE INDEX ix_sync_outbox_group_stats ON sync_outbox (device, seq, last_seq, payload_bytes);
