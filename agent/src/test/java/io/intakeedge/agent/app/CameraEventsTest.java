package io.intakeedge.agent.app;

import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.capture.CameraHealth;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Camera events into a real H2 outbox: each change is one item, and a flapping camera is held to the limit. */
class CameraEventsTest {
    @TempDir
    Path dir;

    @Test
    void aFlappingCameraIsHeldToTheLimitAndTheNextWindowSaysHowManyWereHeldBack() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir)) {
            H2Outbox outbox = H2Outbox.open(db.dataSource(), OutboxSettings.withBudget("dev-1", 16L << 20));
            Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
            var clock = new MutableClock(t0);
            var events = new CameraEvents(db, Optional.of(outbox), "cam-1", clock);
            for (int i = 0; i < 50; i++) {
                var state = i % 2 == 0 ? CameraHealth.State.FROZEN : CameraHealth.State.OK;
                events.health(new CameraHealth(state, "flap " + i, t0));
            }
            assertThat(outbox.pending()).isEqualTo(CameraEvents.PER_WINDOW);
            clock.now = t0.plus(Duration.ofMinutes(10));
            events.health(new CameraHealth(CameraHealth.State.OK, "steady", clock.now));
            assertThat(outbox.pending()).isEqualTo(CameraEvents.PER_WINDOW + 1);
        }
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
