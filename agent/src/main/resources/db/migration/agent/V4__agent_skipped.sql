-- What reached the station but led to no decision (issue 9): presentations the trigger skipped (too_short,
-- same_parcel_again) and inputs a source rejected (a quarantined hot-folder file). Kept apart from agent_trace on
-- purpose: a trace is a decision with one of the four routes (seed 000) and must re-derive to it; a skipped record
-- has no route, only a reason. See docs/trace.md, "Skipped presentations and rejected inputs".
CREATE TABLE agent_skipped (
    skip_id         UUID PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,   -- presentation | input
    device_id       VARCHAR(64)  NOT NULL,
    station_id      VARCHAR(64)  NOT NULL,
    camera_id       VARCHAR(128) NOT NULL,
    parcel_seq      BIGINT,                  -- the presentation number it used up; null for inputs
    reason          VARCHAR(64)  NOT NULL,
    detail          VARCHAR,
    frame_index     BIGINT,
    frame_origin    VARCHAR      NOT NULL,
    arrived_at      TIMESTAMP(9) WITH TIME ZONE,
    ended_at        TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    frames_observed INTEGER,
    recorded_at     TIMESTAMP(9) WITH TIME ZONE NOT NULL
);

CREATE INDEX agent_skipped_recorded_at ON agent_skipped (recorded_at);
