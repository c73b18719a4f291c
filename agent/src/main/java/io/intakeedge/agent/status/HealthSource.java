package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;
import io.intakeedge.agent.guard.GuardedResources;
import io.intakeedge.profiles.ResourceStatus;
import io.intakeedge.sync.drift.DriftWindow;
import io.intakeedge.sync.mqtt.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds {@link StationHealth} snapshots, at most one a second: the page's tick and a Prometheus scrape in the same
 * second share one (it reads the outbox's oldest row from H2). Call off the event loop. Thread-safe.
 */
public final class HealthSource {
    private static final Logger log = LoggerFactory.getLogger(HealthSource.class);
    private static final long REUSE_NANOS = 1_000_000_000L;

    private final Supplier<AgentStatus> status;
    private final Supplier<Optional<DriftWindow>> drift;
    private final DataSource db;
    private final LiveView live;
    private StationHealth cached;
    private long cachedAt;

    public HealthSource(Supplier<AgentStatus> status, Supplier<Optional<DriftWindow>> drift, DataSource db,
                        LiveView live) {
        this.status = status;
        this.drift = drift;
        this.db = db;
        this.live = live;
    }

    public synchronized StationHealth get() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt > REUSE_NANOS) {
            cached = build(status.get(), Instant.now());
            cachedAt = now;
        }
        return cached;
    }

    StationHealth build(AgentStatus s, Instant now) {
        StationHealth.Sync sync = s.sync() instanceof SyncStatus st ? StationHealth.Sync.of(st, oldestOutboxItem(), now)
                : null;
        ResourceStatus resources = s.resources() instanceof GuardedResources g ? g.measured()
                : s.resources() instanceof ResourceStatus r ? r : null;
        return new StationHealth(drift.get().map(StationHealth.Drift::of).orElse(null), sync, resources,
                StationHealth.LiveViewCounts.of(live));
    }

    /** Creation time of the oldest item still in the outbox; empty when it is empty or cannot be read (logged). */
    private Optional<Instant> oldestOutboxItem() {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(created_at_ms) FROM sync_outbox")) {
            if (rs.next()) {
                long ms = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
            }
            return Optional.empty();
        } catch (SQLException e) {
            log.warn("oldest outbox item could not be read: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
