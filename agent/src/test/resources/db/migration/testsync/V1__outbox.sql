-- Stand-in for the sync module's own migrations sharing the agent's H2 file (tests only).
CREATE TABLE test_outbox (seq BIGINT AUTO_INCREMENT PRIMARY KEY, trace_id UUID NOT NULL, payload VARCHAR NOT NULL);
