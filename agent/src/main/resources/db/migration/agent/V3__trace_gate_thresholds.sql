-- The quality-gate limits a decision was made with (issue 9): with them a trace alone re-derives its route
-- (intake-edge trace explain). NULL for decisions without a bundle and for traces stored before this version.
ALTER TABLE agent_trace ADD COLUMN max_blur DOUBLE PRECISION;
ALTER TABLE agent_trace ADD COLUMN min_brightness DOUBLE PRECISION;
ALTER TABLE agent_trace ADD COLUMN max_over_exposed DOUBLE PRECISION;
