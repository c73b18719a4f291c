-- Bundle delivery over MQTT (issue 11): one row per archive a station is fetching or has fetched, with the set of
-- blocks it still lacks, so a download resumes after a restart or a lost connection and fetches only those.
-- `missing` is a bitmap (bit i of byte i/8, least significant first: block i is still missing). A block's bit is
-- cleared only after its bytes reached the partial file and the file was forced to disk. See docs/mqtt.md.
CREATE TABLE bundle_download (
    sha256          VARCHAR(64)  PRIMARY KEY,
    rollout_id      VARCHAR(64)  NOT NULL,
    sequence        BIGINT       NOT NULL,
    job             VARCHAR      NOT NULL,   -- the job document as received (JSON, with the block hashes)
    state           VARCHAR(16)  NOT NULL,   -- downloading | downloaded | offered | failed | cancelled
    blocks_total    INTEGER      NOT NULL,
    blocks_missing  INTEGER      NOT NULL,
    missing         VARBINARY    NOT NULL,
    reason          VARCHAR,
    started_at      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(9) WITH TIME ZONE NOT NULL
);
