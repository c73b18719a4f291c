package io.intakeedge.agent.status;

import io.intakeedge.profiles.ResourceStatus;
import io.intakeedge.sync.drift.DriftFeature;
import io.intakeedge.sync.drift.DriftWindow;
import io.intakeedge.sync.mqtt.SyncStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The page's health panels in one snapshot: drift per feature, the sync link, resources against the profile and the
 * live view's own counters. Sent in every {@code /api/live} tick as {@code health} and read by the Prometheus
 * gauges ({@link HealthMetrics}).
 *
 * @param drift     the newest closed drift window; null before the first closes
 * @param sync      null when sync is off
 * @param resources disk, memory and temperature against the device profile; null if not measured
 */
public record StationHealth(Drift drift, Sync sync, ResourceStatus resources, LiveViewCounts liveView) {

    /** One feature of a drift window: {@code psi} null unless judged ({@code ok}, {@code warning}, {@code critical}). */
    public record FeatureLine(String feature, Double psi, String status) {
    }

    /**
     * @param status the window's worst band, or {@code no_reference} / {@code insufficient_samples}
     */
    public record Drift(Instant start, Instant end, long count, String status, List<FeatureLine> features) {
        static Drift of(DriftWindow w) {
            List<FeatureLine> lines = w.features().entrySet().stream().map(e -> new FeatureLine(
                    e.getKey().wireName(), e.getValue().psi().isPresent() ? e.getValue().psi().getAsDouble() : null,
                    e.getValue().status().wireName())).toList();
            return new Drift(w.start(), w.end(), w.count(), w.status().wireName(), lines);
        }

        Optional<FeatureLine> feature(DriftFeature f) {
            return features.stream().filter(l -> l.feature().equals(f.wireName())).findFirst();
        }
    }

    /**
     * @param backlog       outbox items waiting for a central receipt
     * @param oldestAgeS    age of the oldest waiting item in seconds; null when the outbox is empty
     * @param lastReceiptAt when the collector last confirmed items; null before the first receipt
     * @param downSince     since when the broker is unreachable; null while connected
     */
    public record Sync(String broker, boolean connected, long backlog, Double oldestAgeS, Instant lastReceiptAt,
                       Instant downSince, long reconnects, String lastError) {
        static Sync of(SyncStatus s, Optional<Instant> oldest, Instant now) {
            Double age = oldest.map(o -> Math.max(0, Duration.between(o, now).toMillis()) / 1000.0).orElse(null);
            return new Sync(s.broker(), s.connected(), s.pending(), age, s.lastAckAt(), s.downSince(),
                    s.reconnects(), s.lastError());
        }
    }

    /** Frames copied off the capture thread, encoded, replaced while waiting (dropped), failed to encode. */
    public record LiveViewCounts(long copied, long encoded, long dropped, long failed) {
        static LiveViewCounts of(LiveView v) {
            return new LiveViewCounts(v.copied(), v.encoded(), v.dropped(), v.failed());
        }
    }
}
