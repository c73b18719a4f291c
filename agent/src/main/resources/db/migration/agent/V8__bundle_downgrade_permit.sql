-- Bundle lifecycle (issue 11): downgrade permits survive a restart. A signed rollback naming a sequence lets an
-- archive of that (lower) sequence replace the active bundle until the command expires; before V8 the permit lived
-- in memory only, so a station restarted between the rollback command and the older archive's arrival refused it.
-- One row per sequence; a later command for the same sequence keeps the later expiry.
CREATE TABLE agent_bundle_downgrade_permit (
    sequence    BIGINT       PRIMARY KEY,
    expires_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    command_id  VARCHAR(64)  NOT NULL,     -- the signed rollback that granted it
    granted_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL
);
