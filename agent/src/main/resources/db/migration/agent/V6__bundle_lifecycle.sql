-- Bundle lifecycle (issue 11): operator commands seen (replay protection) and shadow statistics of candidates.
-- V5 belongs to the bundle download (delivery); both are kept apart so either can land first.

-- One row per signed command that passed its signature check, keyed by its nonce: a second message with the same
-- nonce is a replay and is refused. Rows whose expiry is long past are deleted (an expired command is refused anyway).
CREATE TABLE agent_bundle_command (
    nonce        VARCHAR(64)  PRIMARY KEY,
    command_id   VARCHAR(64)  NOT NULL,
    action       VARCHAR(16)  NOT NULL,     -- promote | rollback | cancel
    signer       VARCHAR(64)  NOT NULL,     -- operator key fingerprint
    expires_at   TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    received_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL
);

-- Shadow statistics of a candidate against the active bundle, written as the shadow run goes and when it ends.
CREATE TABLE agent_bundle_shadow (
    candidate        VARCHAR(140) NOT NULL, -- id@version
    active_bundle    VARCHAR(140) NOT NULL,
    started_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    compared         BIGINT       NOT NULL,
    agreed           BIGINT       NOT NULL,
    skipped          BIGINT       NOT NULL,
    candidate_errors BIGINT       NOT NULL,
    stats_json       VARCHAR      NOT NULL, -- route counts of both and the shifts, as in the bundle-state message
    outcome          VARCHAR(16),           -- promoted | cancelled | rejected; null while running
    PRIMARY KEY (candidate, started_at)
);
