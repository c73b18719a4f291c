package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.DeliverySettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.trace.StageLatencies;
import io.intakeedge.profiles.ProfileRequest;
import io.intakeedge.profiles.ThreadNice;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision latency p99 of a whole station (live synthetic scene at 25 fps, continuous mode deciding every frame, demo
 * bundle, sync, delivery and lifecycle on the machine's mosquitto, the station's defaults for this machine) while it
 * downloads bundle archives against while it is idle (goal: ≤ 1.05×), in one run: a {@value #WARM_DOWNLOAD_S} s
 * download to warm the download path up (not measured), then {@value #PHASES} alternating phases of
 * {@value #PHASE_S} s, idle first. During a download phase 16 MB archives are pushed one after another (prepared
 * before the clock starts); each decision is counted as "downloading" when the station's downloader was in the middle
 * of a download as it was made. The block server stands in for the central one: a child JVM
 * ({@link BlockServerChild}) at nice 19, so that on one machine it takes the CPU the station leaves, as a remote one
 * would. The slowest 1 % of each set is broken down by stage and matched against the JVM's GC pauses.
 * {@code -Ddelivery.maxKibPerS=N} sets the station's delivery.max_kib_per_s (0: unpaced, then raise
 * {@code -Dbench.archives} to ~150); {@code -Dbench.phaseS}, {@code -Dbench.phases}, {@code -Dbench.every} and
 * {@code -Dbench.inferenceThreads} (a station config override) change the run. Run with
 * {@code mvn -B -o -pl workbench -am test -Dtest=DownloadDecisionBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none}; the figures go to BENCHMARKS.md.
 */
@Tag("benchmark")
class DownloadDecisionBenchmark {
    private static final int PHASE_S = Integer.getInteger("bench.phaseS", 15);
    private static final int PHASES = Integer.getInteger("bench.phases", 20);
    private static final int EVERY = Integer.getInteger("bench.every", 1);
    private static final int ARCHIVES = Integer.getInteger("bench.archives", 56);
    private static final int WARM_DOWNLOAD_S = Integer.getInteger("bench.warmDownloadS", 20);
    private static final int ARCHIVE = 16 * 1024 * 1024;
    private static final int BLOCK = 130_048;

    @TempDir
    Path dir;

    private record Sample(boolean downloading, long micros, StageLatencies stages, long endMillis) {
        boolean overlaps(GcPauses.Pause p) {
            long start = endMillis - micros / 1000 - 1;
            return p.startMillis() <= endMillis && p.startMillis() + p.millis() >= start;
        }
    }

    @Test
    void decisionP99WhileDownloadingAgainstIdle() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        try (DeliveryRig rig = new DeliveryRig(dir);
             var server = BlockServerChild.start(DeliveryRig.BROKER, "blocks-" + rig.site, rig.store.dir(), 19)) {
            List<JobDocument> jobs = new ArrayList<>();
            for (int i = 0; i < ARCHIVES; i++) {
                jobs.add(rig.randomArchive("bench-" + i, JobTarget.device(rig.site, "s1"), ARCHIVE, BLOCK, 10 + i));
            }
            List<Sample> samples = new CopyOnWriteArrayList<>();
            List<GcPauses.Pause> pauses;
            try (GcPauses gc = GcPauses.watch(); StationAgent agent = new StationAgent(config(rig, keys))) {
                agent.start();
                BundleDelivery delivery = agent.bundleDelivery().orElseThrow();
                AtomicBoolean measuring = new AtomicBoolean();
                agent.onDecision(t -> {
                    if (measuring.get() && t.latency() != null) {
                        // counted by what the downloader was doing when the decision was made
                        samples.add(new Sample("downloading".equals(delivery.status().state().state()),
                                t.latency().totalMicros(), t.latency(), System.currentTimeMillis()));
                    }
                });
                assertThat(Eventually.await(Duration.ofSeconds(120), () -> agent.decisions().decisions() > 50))
                        .as("warm-up").isTrue();
                try (Pusher pusher = new Pusher(rig, jobs, keys, delivery)) {
                    // the download path compiled and warm before the clock starts, as the decision path already is
                    pusher.phase(WARM_DOWNLOAD_S, true);
                    measuring.set(true);
                    gc.clear();
                    for (int phase = 0; phase < PHASES; phase++) {
                        pusher.phase(PHASE_S, phase % 2 == 1);
                    }
                    measuring.set(false);
                    pauses = gc.pauses();
                    assertThat(delivery.status().jobsIgnored()).as("every job taken").isEmpty();
                    System.out.printf("%nDOWNLOAD DECISION BENCHMARK: %d archives of %d bytes pushed, accepted"
                            + " blocks %d%n", pusher.next, ARCHIVE, delivery.status().blocksAccepted());
                }
            }
            report(samples, pauses);
        }
    }

    private static StationConfig config(DeliveryRig rig, SigningKeys.Generated keys) {
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 21L, 0, "continuous", EVERY);
        var sync = new StationConfig.SyncSettings(true, DeliveryRig.BROKER, null, null, false, 16, false);
        var bundles = new BundleSettings(List.of(keys.publicKey()), List.of(keys.publicKey()), null, null, null);
        var delivery = new DeliverySettings(true, List.of(), null, null, null, Integer.getInteger("delivery.maxKibPerS"));
        return new StationConfig(rig.site, "s1", "dock-1", profile(), camera, Path.of("..", "bundles", "demo"),
                rig.dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0), sync, null, bundles, delivery);
    }

    private static void report(List<Sample> samples, List<GcPauses.Pause> pauses) {
        List<Sample> idleSamples = samples.stream().filter(s -> !s.downloading()).toList();
        List<Sample> busySamples = samples.stream().filter(Sample::downloading).toList();
        List<Long> idle = idleSamples.stream().map(Sample::micros).toList();
        List<Long> busy = busySamples.stream().map(Sample::micros).toList();
        assertThat(idle).isNotEmpty();
        assertThat(busy).isNotEmpty();
        System.out.printf("idle:        %d decisions, p50 %.1f ms, p99 %.1f ms%n", idle.size(), pct(idle, 50),
                pct(idle, 99));
        System.out.printf("downloading: %d decisions, p50 %.1f ms, p99 %.1f ms%n", busy.size(), pct(busy, 50),
                pct(busy, 99));
        double[] interval = ratioInterval(idle, busy);
        System.out.printf("p99 ratio (downloading / idle): %.2f (90 %% bootstrap interval %.2f–%.2f)%n",
                pct(busy, 99) / pct(idle, 99), interval[0], interval[1]);
        tail("idle", idleSamples, pauses);
        tail("downloading", busySamples, pauses);
        System.out.printf("GC pauses while measuring: %d, %d ms in all, longest %d ms%n", pauses.size(),
                pauses.stream().mapToLong(GcPauses.Pause::millis).sum(),
                pauses.stream().mapToLong(GcPauses.Pause::millis).max().orElse(0));
    }

    /**
     * Pushes archives one after another while a download phase lasts, as the fleet operator's tool: from a thread at
     * background priority (its MQTT connections inherit it), since on a fleet that tool runs elsewhere.
     */
    private static final class Pusher implements AutoCloseable {
        private final ExecutorService operator = Executors.newSingleThreadExecutor(
                r -> ThreadNice.background("bench-operator", r));
        private final DeliveryRig rig;
        private final List<JobDocument> jobs;
        private final SigningKeys.Generated keys;
        private final BundleDelivery delivery;
        int next;

        Pusher(DeliveryRig rig, List<JobDocument> jobs, SigningKeys.Generated keys, BundleDelivery delivery) {
            this.rig = rig;
            this.jobs = jobs;
            this.keys = keys;
            this.delivery = delivery;
        }

        void phase(int seconds, boolean download) throws Exception {
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                if (download && !downloading() && next < jobs.size()) {
                    JobDocument job = jobs.get(next++);
                    operator.submit(() -> {
                        rig.publishJob(BundleTopics.deviceJob(rig.site, "s1"), job, Optional.of(keys.privateKey()));
                        return null;
                    }).get();
                }
                Thread.sleep(20);
            }
            if (download && next >= jobs.size()) {
                System.out.println("DOWNLOAD DECISION BENCHMARK: ran out of archives (raise -Dbench.archives)");
            }
            if (download) { // the next idle phase starts once the last download is over
                assertThat(Eventually.await(Duration.ofSeconds(120), () -> !downloading())).isTrue();
            }
        }

        private boolean downloading() {
            return "downloading".equals(delivery.status().state().state());
        }

        @Override
        public void close() {
            operator.shutdownNow();
        }
    }

    /** The x86 profile, with {@code -Dbench.inferenceThreads=N} as the station config's override. */
    private static ProfileRequest profile() {
        Integer threads = Integer.getInteger("bench.inferenceThreads");
        var overrides = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (threads != null) {
            overrides.put("inference_threads", threads);
        }
        return new ProfileRequest("generic-linux-x86_64", overrides);
    }

    /**
     * Where the slowest 1 % of decisions spent their time: mean of each stage, ms, and how many of them overlapped a
     * garbage-collection pause.
     */
    private static void tail(String name, List<Sample> samples, List<GcPauses.Pause> pauses) {
        List<Sample> slowest = samples.stream().sorted((a, b) -> Long.compare(b.micros(), a.micros()))
                .limit(Math.max(1, samples.size() / 100)).toList();
        List<StageLatencies> slow = slowest.stream().map(Sample::stages).toList();
        long paused = slowest.stream().filter(s -> pauses.stream().anyMatch(s::overlaps)).count();
        long pausedAll = samples.stream().filter(s -> pauses.stream().anyMatch(s::overlaps)).count();
        System.out.printf("%s slowest %d: %d overlapped a GC pause (of all %d decisions: %d)%n", name, slow.size(),
                paused, samples.size(), pausedAll);
        System.out.printf("%s slowest %d: total %.1f capture %.1f quality %.1f preprocess %.1f invoke %.1f route %.1f"
                        + " store %.1f ms%n", name, slow.size(), mean(slow, StageLatencies::totalMicros),
                mean(slow, StageLatencies::captureMicros), mean(slow, StageLatencies::qualityMicros),
                mean(slow, StageLatencies::preprocessMicros), mean(slow, StageLatencies::invokeMicros),
                mean(slow, StageLatencies::routeMicros), mean(slow, StageLatencies::storeMicros));
    }

    private static double mean(List<StageLatencies> s, java.util.function.ToLongFunction<StageLatencies> f) {
        return s.stream().mapToLong(f).average().orElse(0) / 1000.0;
    }

    /**
     * How far the p99 ratio moves when each phase set is drawn again from itself (1,000 bootstrap resamples): the
     * 5th and 95th percentile of the resampled ratios. A p99 over a few thousand decisions rests on its few dozen
     * slowest, so one run's ratio is only as good as this interval.
     */
    private static double[] ratioInterval(List<Long> idle, List<Long> busy) {
        java.util.Random random = new java.util.Random(1);
        double[] ratios = new double[1000];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = pct(resample(busy, random), 99) / pct(resample(idle, random), 99);
        }
        java.util.Arrays.sort(ratios);
        return new double[] {ratios[50], ratios[949]};
    }

    private static List<Long> resample(List<Long> values, java.util.Random random) {
        List<Long> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(values.get(random.nextInt(values.size())));
        }
        return out;
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1000.0;
    }
}
