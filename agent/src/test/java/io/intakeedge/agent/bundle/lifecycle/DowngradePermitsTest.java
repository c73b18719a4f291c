package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downgrade permits in a real H2 file (migration V8) behave as the in-memory ones: valid until the command's expiry,
 * the later expiry wins for a sequence, other sequences stay refused; and the H2 ones survive closing the database.
 */
class DowngradePermitsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static void behaves(DowngradePermits p) {
        p.allow(4, T0.plusSeconds(60), "rb-1");
        p.allow(4, T0.plusSeconds(30), "rb-2"); // an earlier expiry does not shorten the permit
        assertThat(p.allows(4, T0.plusSeconds(59))).isTrue();
        assertThat(p.allows(4, T0.plusSeconds(60))).as("expired at its instant").isFalse();
        assertThat(p.allows(3, T0)).isFalse();
        p.allow(4, T0.plusSeconds(120), "rb-3");
        assertThat(p.allows(4, T0.plusSeconds(100))).isTrue();
    }

    @Test
    void inMemory() {
        behaves(new MemoryDowngradePermits());
    }

    @Test
    void inH2AndAfterReopening() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir)) {
            new TraceStore(db);
            behaves(new H2DowngradePermits(db));
        }
        try (AgentDatabase db = AgentDatabase.open(dir)) {
            new TraceStore(db);
            H2DowngradePermits reopened = new H2DowngradePermits(db);
            assertThat(reopened.allows(4, T0.plusSeconds(100))).isTrue();
            assertThat(reopened.allows(4, T0.plusSeconds(121))).isFalse();
            for (long s : List.of(1L, 2L, 3L, 5L)) {
                assertThat(reopened.allows(s, T0)).as("sequence %d", s).isFalse();
            }
        }
    }
}
