package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.DeliverySettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.StageLatencies;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision latency p99 of a whole station (live synthetic scene, continuous mode: a decision every 5th frame, demo
 * bundle, sync, delivery and lifecycle on the machine's mosquitto) while it downloads bundle archives against while
 * it is idle (goal: ≤ 1.05×), in one run: idle, downloading, idle, downloading, each {@value #PHASE_S} s. During a
 * download phase 16 MB archives are pushed one after another (prepared before the clock starts); each decision is
 * counted as "downloading" when the station's downloader was in the middle of a download as it was made. The block
 * server runs in a child JVM ({@link BlockServerChild}), as it runs centrally on a fleet; on one machine it still
 * shares the CPUs, so the figure stays pessimistic. The slowest 1 % of each phase is broken down by stage.
 * {@code -Ddelivery.maxKibPerS=N} paces the station's download (delivery.max_kib_per_s). Run with
 * {@code mvn -B -o -pl workbench -am test -Dtest=DownloadDecisionBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none}; the figures go to BENCHMARKS.md.
 */
@Tag("benchmark")
class DownloadDecisionBenchmark {
    private static final int PHASE_S = 40;
    private static final int ARCHIVE = 16 * 1024 * 1024;
    private static final int BLOCK = 130_048;

    @TempDir
    Path dir;

    private record Sample(boolean downloading, long micros, StageLatencies stages) {
    }

    @Test
    void decisionP99WhileDownloadingAgainstIdle() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        try (DeliveryRig rig = new DeliveryRig(dir);
             // the block server in a JVM of its own, as on a fleet (here it would be measured as the station's work)
             var server = BlockServerChild.start(DeliveryRig.BROKER, "blocks-" + rig.site, rig.store.dir())) {
            List<JobDocument> jobs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                jobs.add(rig.randomArchive("bench-" + i, JobTarget.device(rig.site, "s1"), ARCHIVE, BLOCK, 10 + i));
            }
            var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 21L, 0, "continuous", 5);
            var sync = new StationConfig.SyncSettings(true, DeliveryRig.BROKER, null, null, false, 16, false);
            var config = new StationConfig(rig.site, "s1", "dock-1",
                    io.intakeedge.profiles.ProfileRequest.of("generic-linux-x86_64"), camera,
                    Path.of("..", "bundles", "demo"), dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0),
                    sync, null, new BundleSettings(List.of(keys.publicKey()), List.of(keys.publicKey()), null, null,
                    null), new DeliverySettings(true, List.of(), null, null, null,
                    Integer.getInteger("delivery.maxKibPerS", 0)));
            List<Sample> samples = new CopyOnWriteArrayList<>();
            try (StationAgent agent = new StationAgent(config)) {
                agent.start();
                BundleDelivery delivery = agent.bundleDelivery().orElseThrow();
                java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
                agent.onDecision(t -> {
                    if (measuring.get() && t.latency() != null) {
                        // counted by what the downloader was doing when the decision was made
                        samples.add(new Sample("downloading".equals(delivery.status().state().state()),
                                t.latency().totalMicros(), t.latency()));
                    }
                });
                assertThat(Eventually.await(Duration.ofSeconds(120), () -> agent.decisions().decisions() > 50))
                        .as("warm-up").isTrue();
                measuring.set(true);
                int next = 0;
                for (int phase = 0; phase < 4; phase++) {
                    boolean download = phase % 2 == 1;
                    long end = System.nanoTime() + Duration.ofSeconds(PHASE_S).toNanos();
                    while (System.nanoTime() < end) {
                        if (download && !"downloading".equals(delivery.status().state().state())
                                && next < jobs.size()) {
                            rig.publishJob(BundleTopics.deviceJob(rig.site, "s1"), jobs.get(next++),
                                    Optional.of(keys.privateKey()));
                        }
                        Thread.sleep(20);
                    }
                    if (download) { // the next idle phase starts once the last download is over
                        assertThat(Eventually.await(Duration.ofSeconds(120),
                                () -> !"downloading".equals(delivery.status().state().state()))).isTrue();
                    }
                }
                measuring.set(false);
                assertThat(delivery.status().jobsIgnored()).as("every job taken").isEmpty();
                System.out.printf("%nDOWNLOAD DECISION BENCHMARK: %d archives of %d bytes pushed, accepted blocks %d%n",
                        next, ARCHIVE, delivery.status().blocksAccepted());
            }
            List<Long> idle = samples.stream().filter(s -> !s.downloading()).map(Sample::micros).toList();
            List<Long> busy = samples.stream().filter(Sample::downloading).map(Sample::micros).toList();
            System.out.printf("idle:        %d decisions, p50 %.1f ms, p99 %.1f ms%n", idle.size(), pct(idle, 50),
                    pct(idle, 99));
            System.out.printf("downloading: %d decisions, p50 %.1f ms, p99 %.1f ms%n", busy.size(), pct(busy, 50),
                    pct(busy, 99));
            System.out.printf("p99 ratio (downloading / idle): %.2f%n", pct(busy, 99) / pct(idle, 99));
            tail("idle", samples.stream().filter(s -> !s.downloading()).toList());
            tail("downloading", samples.stream().filter(Sample::downloading).toList());
            assertThat(idle).isNotEmpty();
            assertThat(busy).isNotEmpty();
        }
    }

    /** Where the slowest 1 % of decisions spent their time: mean of each stage, ms. */
    private static void tail(String name, List<Sample> samples) {
        List<StageLatencies> slow = samples.stream().sorted((a, b) -> Long.compare(b.micros(), a.micros()))
                .limit(Math.max(1, samples.size() / 100)).map(Sample::stages).toList();
        System.out.printf("%s slowest %d: total %.1f capture %.1f quality %.1f preprocess %.1f invoke %.1f route %.1f"
                        + " store %.1f ms%n", name, slow.size(), mean(slow, StageLatencies::totalMicros),
                mean(slow, StageLatencies::captureMicros), mean(slow, StageLatencies::qualityMicros),
                mean(slow, StageLatencies::preprocessMicros), mean(slow, StageLatencies::invokeMicros),
                mean(slow, StageLatencies::routeMicros), mean(slow, StageLatencies::storeMicros));
    }

    private static double mean(List<StageLatencies> s, java.util.function.ToLongFunction<StageLatencies> f) {
        return s.stream().mapToLong(f).average().orElse(0) / 1000.0;
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1000.0;
    }
}
