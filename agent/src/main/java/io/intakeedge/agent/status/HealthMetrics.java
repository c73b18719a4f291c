package io.intakeedge.agent.status;

import io.intakeedge.profiles.ResourceStatus;
import io.intakeedge.profiles.ThermalState;
import io.intakeedge.sync.drift.DriftFeature;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus gauges of the page's health panels: drift PSI per feature, outbox age and last receipt, disk, memory
 * and temperature against the profile, and the live view's frame counters. Values are read from a
 * {@link HealthSource} snapshot at scrape time (NaN where there is nothing to tell, e.g. PSI before the first
 * window).
 */
public final class HealthMetrics {
    private static final double MIB = 1024.0 * 1024.0;

    private final HealthSource health;

    public HealthMetrics(HealthSource health) {
        this.health = health;
    }

    public void bindTo(MeterRegistry registry) {
        for (DriftFeature f : DriftFeature.values()) {
            gauge(registry, "intake.drift.psi", "PSI of the newest closed drift window against the bundle's "
                    + "reference (NaN until judged)", h -> Optional.ofNullable(h.drift()).flatMap(d -> d.feature(f))
                    .map(StationHealth.FeatureLine::psi).orElse(Double.NaN), "feature", f.wireName());
            gauge(registry, "intake.drift.level", "Drift band of the newest window: 0 ok, 1 warning, 2 critical, "
                    + "-1 not judged", h -> Optional.ofNullable(h.drift()).flatMap(d -> d.feature(f))
                    .map(l -> level(l.status())).orElse(-1.0), "feature", f.wireName());
        }
        gauge(registry, "intake.outbox.oldest.age.seconds", "Age of the oldest item waiting in the outbox (0 when "
                + "empty, NaN when sync is off)", h -> h.sync() == null ? Double.NaN
                : Optional.ofNullable(h.sync().oldestAgeS()).orElse(0.0));
        gauge(registry, "intake.sync.last.receipt.timestamp.seconds", "When the collector last confirmed items "
                + "(NaN before the first)", h -> h.sync() == null || h.sync().lastReceiptAt() == null ? Double.NaN
                : epochSeconds(h.sync().lastReceiptAt()));
        resource(registry, "intake.disk.free.bytes", "Free space on the data directory's file system",
                r -> r.freeDiskMb() < 0 ? Double.NaN : r.freeDiskMb() * MIB);
        resource(registry, "intake.disk.min.free.bytes", "Free space the device profile asks to keep",
                r -> r.minFreeDiskMb() * MIB);
        resource(registry, "intake.memory.limit.bytes", "Memory the device profile allows the agent",
                r -> r.memoryLimitMb() * MIB);
        Optional.ofNullable(health.get().resources()).ifPresent(r -> r.thermal().forEach(z -> thermal(registry, z)));
        liveView(registry, "copied", StationHealth.LiveViewCounts::copied);
        liveView(registry, "encoded", StationHealth.LiveViewCounts::encoded);
        liveView(registry, "dropped", StationHealth.LiveViewCounts::dropped);
        liveView(registry, "failed", StationHealth.LiveViewCounts::failed);
    }

    private void thermal(MeterRegistry registry, ThermalState zone) {
        Function<StationHealth, Optional<ThermalState>> now = h -> Optional.ofNullable(h.resources())
                .flatMap(r -> r.thermal().stream().filter(t -> t.type().equals(zone.type())).findFirst());
        gauge(registry, "intake.thermal.celsius", "Temperature of a thermal zone the profile names (NaN when "
                + "unreadable)", h -> now.apply(h).map(ThermalState::celsius).orElse(Double.NaN), "zone", zone.type());
        gauge(registry, "intake.thermal.throttle.celsius", "The profile's throttle temperature of the zone",
                h -> zone.throttleC(), "zone", zone.type());
        gauge(registry, "intake.thermal.critical.celsius", "The profile's critical temperature of the zone",
                h -> zone.criticalC(), "zone", zone.type());
    }

    private void resource(MeterRegistry registry, String name, String help, ToDoubleFunction<ResourceStatus> f) {
        gauge(registry, name, help, h -> h.resources() == null ? Double.NaN : f.applyAsDouble(h.resources()));
    }

    private void liveView(MeterRegistry registry, String outcome, ToDoubleFunction<StationHealth.LiveViewCounts> f) {
        FunctionCounter.builder("intake.live.view.frames", health, s -> f.applyAsDouble(s.get().liveView()))
                .description("Live view frames: copied off the capture thread, encoded, dropped (replaced while "
                        + "waiting for the encoder), failed").tag("outcome", outcome).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<StationHealth> f,
                       String... tags) {
        Gauge.builder(name, health, s -> f.applyAsDouble(s.get())).description(help).tags(tags).register(registry);
    }

    private static double level(String status) {
        return switch (status) {
            case "ok" -> 0;
            case "warning" -> 1;
            case "critical" -> 2;
            default -> -1;
        };
    }

    private static double epochSeconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }
}
