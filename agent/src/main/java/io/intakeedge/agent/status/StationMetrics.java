package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;
import io.intakeedge.agent.storage.RetentionState;
import io.intakeedge.agent.storage.StorageStatus;
import io.intakeedge.agent.trace.StageLatencies;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.sync.mqtt.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The station's Prometheus metrics ({@code GET /metrics}): monotonic counters of decisions by route and reason and of
 * gate reasons, per-stage latency histograms, camera, sync and JVM/process metrics, and Vert.x's own HTTP metrics.
 * Rates are left to Prometheus ({@code rate(intake_decisions_total[5m])}); only counters and histograms are kept
 * here. Hears committed decisions on the capture thread: Micrometer's meters are lock-free, so this costs the
 * capture loop a few atomic adds.
 */
public final class StationMetrics implements Consumer<Trace> {
    /** Camera states exported as {@code intake_camera_state{state=...}}, 1 for the current one. */
    static final List<String> CAMERA_STATES = List.of("ok", "waiting", "stalled", "failing", "starting", "stopping",
            "stopped", "opening", "open_failed", "frozen", "covered_or_dark", "rate_low", "rate_high", "reconnecting");
    private static final Map<String, ToLongFunction<StageLatencies>> STAGES = Map.of(
            "capture", StageLatencies::captureMicros, "quality", StageLatencies::qualityMicros,
            "preprocess", StageLatencies::preprocessMicros, "invoke", StageLatencies::invokeMicros,
            "route", StageLatencies::routeMicros, "store", StageLatencies::storeMicros,
            "total", StageLatencies::totalMicros);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // gauges read one snapshot per scrape instead of building the whole status once per gauge
    private volatile AgentStatus snapshot;
    private volatile Supplier<AgentStatus> status;

    public StationMetrics() {
        // two of Micrometer's names fail promtool's lint: a unit abbreviation and a _count suffix on a gauge;
        // process_cpu_usage still tells the CPU load
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A Vert.x instance whose HTTP server reports into this registry. */
    public Vertx newVertx() {
        var options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    @Override
    public void accept(Trace t) {
        Counter.builder("intake.decisions").description("Committed decisions by route and reason")
                .tag("route", t.route().code()).tag("reason", t.reason().code()).register(registry).increment();
        for (String gate : t.gateReasons()) {
            Counter.builder("intake.gate.reasons").description("Quality gate failures by reason")
                    .tag("reason", gate).register(registry).increment();
        }
        STAGES.forEach((stage, micros) -> Timer.builder("intake.stage.latency")
                .description("Per-stage decision latency").tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(micros.applyAsLong(t.latency()) * 1_000)));
    }

    /** Camera and sync meters, read from the agent's status snapshot at scrape time. */
    public void watch(Supplier<AgentStatus> statusSupplier) {
        this.status = statusSupplier;
        FunctionCounter.builder("intake.camera.frames", this, m -> m.snap().map(s -> s.camera().framesRead()).orElse(0L))
                .description("Frames read from the camera").register(registry);
        FunctionCounter.builder("intake.camera.failures", this,
                        m -> m.snap().map(s -> s.camera().framesRejected()).orElse(0L))
                .description("Camera read failures").register(registry);
        for (String state : CAMERA_STATES) {
            Gauge.builder("intake.camera.state", this, m -> m.snap()
                            .map(s -> CameraState.of(s, Instant.now()).state().equals(state) ? 1 : 0).orElse(0))
                    .description("1 for the camera's current state").tag("state", state).register(registry);
        }
        Gauge.builder("intake.outbox.pending", this, m -> m.sync().map(SyncStatus::pending).orElse(0L))
                .description("Decisions and drift windows waiting for a central receipt").register(registry);
        Gauge.builder("intake.sync.connected", this, m -> m.sync().map(s -> s.connected() ? 1 : 0).orElse(0))
                .description("1 while connected to the MQTT broker").register(registry);
        FunctionCounter.builder("intake.sync.receipts", this, m -> m.sync().map(SyncStatus::acked).orElse(0L))
                .description("Items the collector confirmed as stored").register(registry);
        FunctionCounter.builder("intake.retention.traces.deleted", this,
                        m -> m.retention().map(RetentionState::tracesDeleted).orElse(0L))
                .description("Synced traces deleted by retention (age, count, H2 budget)").register(registry);
        FunctionCounter.builder("intake.retention.evidence.deleted", this,
                        m -> m.retention().map(RetentionState::evidenceDeleted).orElse(0L))
                .description("Evidence JPEGs deleted with their traces").register(registry);
        Gauge.builder("intake.retention.waiting", this, m -> m.retention().map(RetentionState::waitingForSync)
                        .orElse(0L))
                .description("Traces past their age kept because their outbox item has not left")
                .register(registry);
        Gauge.builder("intake.h2.file.bytes", this, m -> m.storage().map(s -> s.disk().h2Bytes()).orElse(0L))
                .description("Size of the H2 database file").baseUnit("bytes").register(registry);
        FunctionCounter.builder("intake.sync.reconnects", this, m -> m.sync().map(SyncStatus::reconnects).orElse(0L))
                .description("Reconnects to the MQTT broker").register(registry);
    }

    /** The Prometheus text exposition; call off the event loop (it builds a status snapshot). */
    public String scrape() {
        Supplier<AgentStatus> s = status;
        snapshot = s == null ? null : s.get();
        return registry.scrape();
    }

    private Optional<AgentStatus> snap() {
        return Optional.ofNullable(snapshot);
    }

    private Optional<StorageStatus> storage() {
        return snap().map(AgentStatus::storage).filter(StorageStatus.class::isInstance).map(StorageStatus.class::cast);
    }

    private Optional<RetentionState> retention() {
        return storage().map(StorageStatus::retention);
    }

    private Optional<SyncStatus> sync() {
        return snap().map(AgentStatus::sync).filter(SyncStatus.class::isInstance).map(SyncStatus.class::cast);
    }
}
