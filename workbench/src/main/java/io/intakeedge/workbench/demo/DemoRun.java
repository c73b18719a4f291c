package io.intakeedge.workbench.demo;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceText;
import io.intakeedge.workbench.broker.EmbeddedBroker;
import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.collector.CollectorStats;
import io.intakeedge.sync.mqtt.SyncStatus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one-machine demo: an embedded MQTT broker and the central collector in this JVM, and a station agent reading
 * the synthetic conveyor scene. Everything the report says is read back from what was stored, not counted on the
 * way in.
 */
public final class DemoRun {
    static final String SITE = "demo-site";
    static final String DEVICE = "demo-station";

    private final Path dataDir;
    private final Path bundle;
    private final int frames;
    private final long seed;
    private final int port;
    private final boolean sync;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** @param frames frames of the scene, or 0 for the live scene until Ctrl-C */
    public DemoRun(Path dataDir, Path bundle, int frames, long seed, int port, boolean sync, PrintStream out) {
        this.dataDir = dataDir.toAbsolutePath();
        this.bundle = bundle.toAbsolutePath();
        this.frames = frames;
        this.seed = seed;
        this.port = port;
        this.sync = sync;
        this.out = out;
    }

    /** True when the scene runs until Ctrl-C (no frame count given). */
    public boolean live() {
        return frames == 0;
    }

    /**
     * Runs the demo. With a frame count it ends by itself and reports; live, it runs until Ctrl-C and returns
     * empty (the agent is closed by then, so there is nothing left to read a report from).
     */
    public Optional<DemoReport> run() throws Exception {
        out.printf("intake-edge demo: %s of the synthetic conveyor scene (seed %d), data in %s%n",
                live() ? "a live, endless run" : frames + " frames", seed, dataDir);
        try (EmbeddedBroker broker = sync ? EmbeddedBroker.start(0, false) : null;
             Collector collector = sync ? startCollector(broker) : null) {
            StationConfig config = stationConfig(broker);
            try (StationAgent agent = new StationAgent(config)) {
                agent.onDecision(this::printDecision);
                int httpPort = agent.start();
                out.printf("status page: http://127.0.0.1:%d/   bundle: %s   backend: %s%n", httpPort,
                        agent.bundle().map(b -> b.displayName()).orElse("NONE (fail closed)"), agent.backendName());
                if (live()) {
                    runUntilStopped(agent);
                    return Optional.empty();
                }
                agent.awaitEnd(Duration.ofHours(2));
                agent.sync().drift().flush();
                Optional<SyncStatus> synced = drain(agent);
                Optional<CollectorStats> central = sync ? awaitCollector(collector, synced) : Optional.empty();
                return Optional.of(DemoReport.of(agent, synced, central, DEVICE));
            }
        } finally {
            finished.countDown();
        }
    }

    /** Ctrl-C (SIGINT) or SIGTERM: the decision in progress finishes, then the agent, collector and broker close. */
    private void runUntilStopped(StationAgent agent) throws InterruptedException {
        out.println("running until Ctrl-C");
        Thread hook = new Thread(() -> {
            out.println("stopping: the decision in progress finishes, then the agent closes");
            try {
                agent.close();
            } catch (RuntimeException e) {
                out.println("closing the agent failed: " + e);
            }
            try {
                finished.await(30, TimeUnit.SECONDS); // let the main thread close the collector and the broker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!agent.awaitEnd(Duration.ofHours(1))) {
            // the live scene never ends; the shutdown hook stops the agent
        }
        out.printf("stopped after %d decisions%n", agent.decisions().decisions());
    }

    private StationConfig stationConfig(EmbeddedBroker broker) {
        var camera = new StationConfig.CameraConfig("cam-1", live() ? "synthetic-live" : "synthetic", null, seed,
                frames, "presentation", null);
        var syncSettings = sync ? new StationConfig.SyncSettings(true, broker.url(), null, null, true, 64, true) : null;
        return new StationConfig(SITE, DEVICE, "demo-dock", "auto", camera, bundle, dataDir.resolve("agent"),
                new StationConfig.HttpConfig("127.0.0.1", port), syncSettings, null);
    }

    private Collector startCollector(EmbeddedBroker broker) throws Exception {
        String jdbc = "jdbc:h2:file:" + dataDir.resolve("collector").resolve("collector");
        Collector collector = new Collector(CollectorConfig.of(broker.url(), "demo-collector", jdbc, "sa", ""));
        collector.start();
        out.printf("embedded MQTT broker %s, collector writing to %s%n", broker.url(), jdbc);
        return collector;
    }

    private void printDecision(Trace t) {
        String score = t.positiveScore() == null ? "    -" : String.format("%.3f", t.positiveScore());
        out.printf("parcel %3d  %-24s %-22s score %s  %6.1f ms%n", t.parcelSeq() == null ? -1 : t.parcelSeq(),
                t.route().code(), TraceText.reasonDetail(t), score, t.latency().totalMicros() / 1000.0);
    }

    private Optional<SyncStatus> drain(StationAgent agent) throws Exception {
        var publisher = agent.sync().publisher();
        if (publisher.isEmpty()) {
            return Optional.empty();
        }
        if (!publisher.get().awaitDrained(Duration.ofSeconds(60))) {
            out.println("warning: the outbox did not drain within 60 s; the rest stays queued for the next run");
        }
        return Optional.of(publisher.get().status());
    }

    /** Waits until the collector has stored everything the agent had acknowledged by the broker. */
    private Optional<CollectorStats> awaitCollector(Collector collector, Optional<SyncStatus> synced)
            throws Exception {
        long expected = synced.map(SyncStatus::acked).orElse(0L);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CollectorStats stats = collector.store().stats();
        while (itemsOf(stats) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stats = collector.store().stats();
        }
        return Optional.of(stats);
    }

    static long itemsOf(CollectorStats stats) {
        return stats.devices().stream().filter(d -> d.device().equals(DEVICE))
                .mapToLong(d -> d.items() + d.compacted()).sum();
    }
}
