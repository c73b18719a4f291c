package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.profiles.ProfileLoader;
import io.intakeedge.sync.mqtt.StatusInfo;
import io.intakeedge.sync.mqtt.SyncStatus;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The station's sync side on a real H2 file and the machine's mosquitto (127.0.0.1:1883): with sync off it holds no
 * outbox and starts nothing; with sync on, what the decision writer appends reaches the broker and leaves the outbox.
 */
class SyncSideTest {
    private static final StatusInfo STATUS = new StatusInfo("test", "generic-linux-x86_64", null);

    @TempDir
    Path dir;

    private StationConfig config(StationConfig.SyncSettings sync) {
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic", null, 1L, 10, "presentation", null);
        return new StationConfig("site-s", "dev-" + UUID.randomUUID().toString().substring(0, 8), "dock-1",
                "generic-linux-x86_64", camera, dir.resolve("bundle"), dir.resolve("data"),
                new StationConfig.HttpConfig("127.0.0.1", 0), sync, null);
    }

    @Test
    void syncOffHoldsNoOutboxAndStartsNothing() throws Exception {
        StationConfig config = config(null);
        try (AgentDatabase db = AgentDatabase.open(config.dataDir());
             SyncSide side = SyncSide.open(config, ProfileLoader.resolve("generic-linux-x86_64"), db, Optional.empty())) {
            side.start(() -> STATUS);
            assertThat(side.outbox()).isEmpty();
            assertThat(side.publisher()).isEmpty();
            assertThat(side.status()).isEmpty();
            assertThat(side.drift()).isNotNull();
        }
    }

    @Test
    void appendedTracesReachTheBrokerAndLeaveTheOutbox() throws Exception {
        StationConfig config = config(new StationConfig.SyncSettings(true, "tcp://127.0.0.1:1883", null, null,
                false, 16, false));
        try (AgentDatabase db = AgentDatabase.open(config.dataDir());
             SyncSide side = SyncSide.open(config, ProfileLoader.resolve("generic-linux-x86_64"), db, Optional.empty())) {
            Outbox outbox = side.outbox().orElseThrow();
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                entries.add(new OutboxEntry("trace", Priority.TRACE, "{\"n\":" + i + "}"));
            }
            try (Connection tx = db.connect()) {
                tx.setAutoCommit(false);
                outbox.appendAll(tx, entries);
                tx.commit();
            }
            assertThat(outbox.pending()).isEqualTo(250);

            side.start(() -> STATUS);
            SyncStatus status = awaitDrained(side, outbox, Duration.ofSeconds(30));
            assertThat(outbox.pending()).as(String.valueOf(status)).isZero();
            assertThat(status.connected()).isTrue();
            assertThat(status.acked()).isEqualTo(250);
        }
    }

    private static SyncStatus awaitDrained(SyncSide side, Outbox outbox, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (outbox.pending() == 0 && side.status().map(SyncStatus::acked).orElse(0L) >= 250) {
                break;
            }
            Thread.sleep(50);
        }
        return side.status().orElseThrow();
    }
}
