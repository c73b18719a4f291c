-- Same (device, seq) with different content is a conflict, never a duplicate: the first version stays in
-- received_item, every differing version is kept here (docs/collector.md, "Conflicts").
CREATE TABLE conflict_item (
    device       VARCHAR(64)  NOT NULL,
    seq          BIGINT       NOT NULL,
    digest       VARCHAR(64)  NOT NULL,
    site         VARCHAR(64)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    payload      VARCHAR NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (device, seq, digest)
);

ALTER TABLE device_stats ADD COLUMN conflicts BIGINT DEFAULT 0 NOT NULL;
