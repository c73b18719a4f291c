-- Decision traces of the agent (issue 2). Table names start with agent_ because the sync module keeps its own tables
-- (outbox) in the same H2 file, with its own Flyway history table.
CREATE TABLE agent_trace (
    trace_id           UUID PRIMARY KEY,
    device_id          VARCHAR(64)  NOT NULL,
    station_id         VARCHAR(64)  NOT NULL,
    camera_id          VARCHAR(128) NOT NULL,
    frame_index        BIGINT       NOT NULL,
    frame_origin       VARCHAR      NOT NULL,
    parcel_seq         BIGINT,
    captured_at        TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    decided_at         TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    bundle_id          VARCHAR(64),
    bundle_version     VARCHAR(64),
    model_sha256       VARCHAR(64),
    preprocess_id      VARCHAR(64),
    label_version      VARCHAR(64),
    positive_label     VARCHAR(128),
    blur_score         DOUBLE PRECISION,
    laplacian_variance DOUBLE PRECISION,
    brightness         DOUBLE PRECISION,
    under_exposed      DOUBLE PRECISION,
    over_exposed       DOUBLE PRECISION,
    parcel_visible     BOOLEAN,
    parcel_complete    BOOLEAN,
    box_x              INTEGER,
    box_y              INTEGER,
    box_width          INTEGER,
    box_height         INTEGER,
    gate_passed        BOOLEAN,
    gate_reasons       VARCHAR(512) NOT NULL,
    positive_score     DOUBLE PRECISION,
    damage_threshold   DOUBLE PRECISION,
    route              VARCHAR(32)  NOT NULL,
    reason             VARCHAR(32)  NOT NULL,
    capture_us         BIGINT       NOT NULL,
    quality_us         BIGINT       NOT NULL,
    preprocess_us      BIGINT       NOT NULL,
    invoke_us          BIGINT       NOT NULL,
    route_us           BIGINT       NOT NULL,
    store_us           BIGINT       NOT NULL,
    total_us           BIGINT       NOT NULL,
    backend            VARCHAR(64),
    evidence_path      VARCHAR,
    error_text         VARCHAR
);

CREATE INDEX agent_trace_decided_at ON agent_trace (decided_at);
CREATE INDEX agent_trace_route ON agent_trace (route);

-- One row per model output, in output order; NaN and infinities are stored as they came (fail-closed evidence).
CREATE TABLE agent_trace_score (
    trace_id    UUID         NOT NULL REFERENCES agent_trace (trace_id) ON DELETE CASCADE,
    label_index INTEGER      NOT NULL,
    label       VARCHAR(128) NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trace_id, label_index)
);
