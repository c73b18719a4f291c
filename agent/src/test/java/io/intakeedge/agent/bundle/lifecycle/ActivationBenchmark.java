package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.OpenCv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames dropped while bundles are activated and rolled back (goal 0). A camera thread delivers synthetic frames at
 * a fixed rate into a 2-frame buffer, as a live camera does (a frame that finds the buffer full is dropped and
 * counted); the capture thread decides each under the serving slot's frame lock. Meanwhile candidates go through
 * shadow → signed promote → health watch → commit → signed rollback, {@value #CYCLES} times. Run:
 * {@code mvn -B -q -o -pl agent -am test -Dtest=ActivationBenchmark -Dgroups=benchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class ActivationBenchmark {
    private static final int CYCLES = 3;
    private static final int FPS = 10;

    @TempDir
    Path tmp;

    @Test
    void noFrameIsDroppedWhileBundlesSwitch() throws Exception {
        OpenCv.load();
        KeyPair key = ArchiveFixtures.keyPair();
        HealthPolicy health = new HealthPolicy(20, Duration.ofMinutes(5), 10, 0.05, 0.6, 60_000, 0.1, 1.0);
        try (LifecycleRig rig = new LifecycleRig(tmp, key, health)) {
            BlockingQueue<Frame> buffer = new ArrayBlockingQueue<>(2);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong delivered = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            AtomicLong maxFrameMicros = new AtomicLong();
            java.util.Map<String, Long> dropsBy = new java.util.concurrent.ConcurrentSkipListMap<>();
            java.util.Map<String, Long> slowestBy = new java.util.concurrent.ConcurrentSkipListMap<>();
            Thread camera = new Thread(() -> {
                long next = System.nanoTime();
                while (running.get()) {
                    try {
                        Frame f = rig.nextFrame();
                        delivered.incrementAndGet();
                        if (!buffer.offer(f)) {
                            f.close();
                            dropped.incrementAndGet();
                            dropsBy.merge(phase(rig), 1L, Long::sum);
                        }
                        next += 1_000_000_000L / FPS;
                        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "camera");
            Thread capture = new Thread(() -> {
                while (running.get() || !buffer.isEmpty()) {
                    try (Frame f = buffer.poll(100, TimeUnit.MILLISECONDS)) {
                        if (f != null) {
                            long t0 = System.nanoTime();
                            rig.decide(f);
                            long us = (System.nanoTime() - t0) / 1000;
                            maxFrameMicros.accumulateAndGet(us, Math::max);
                            slowestBy.merge(phase(rig), us, Math::max);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "capture");
            // archives are made before the clock starts (packing them is the operator's work, not the station's),
            // and the pipeline is warmed up (first TFLite invoke, JIT) before frames count
            java.util.List<Path> archives = new java.util.ArrayList<>();
            for (int i = 0; i < CYCLES; i++) {
                archives.add(Candidates.archive(tmp, key, "2." + i + ".0", 2, "0.65", true));
            }
            for (int i = 0; i < 20; i++) {
                try (Frame f = rig.nextFrame()) {
                    rig.decide(f);
                }
            }
            long warmup = rig.traces.size();
            rig.framesIn.set(0);
            camera.start();
            capture.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                Path archive = archives.get(i);
                assertThat(rig.lifecycle.offer(archive, new BundleLifecycle.Job("bench-" + i, 0))
                        .get(2, TimeUnit.MINUTES).state()).isEqualTo(LifecycleState.SHADOW);
                Thread.sleep(1000);
                assertThat(rig.lifecycle.command(rig.command("promote", null, null)).get(1, TimeUnit.MINUTES)
                        .state()).isEqualTo(LifecycleState.WATCHING);
                long committedBefore = count(rig, LifecycleState.COMMITTED);
                while (count(rig, LifecycleState.COMMITTED) == committedBefore) {
                    Thread.sleep(100);
                }
                assertThat(rig.lifecycle.command(rig.command("rollback", null, null)).get(1, TimeUnit.MINUTES)
                        .state()).isEqualTo(LifecycleState.ROLLED_BACK);
            }
            running.set(false);
            camera.join();
            capture.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("activation benchmark: %d cycles (shadow, promote, watch, commit, rollback) = %d "
                    + "switches in %.1f s at %d fps: frames delivered %d, decided %d, dropped %d; slowest frame %.1f "
                    + "ms; swaps %d%n", CYCLES, rig.slot.swaps(), seconds, FPS, delivered.get(),
                    rig.traces.size() - warmup,
                    dropped.get(), maxFrameMicros.get() / 1000.0, rig.slot.swaps());
            System.out.printf("activation benchmark: dropped by lifecycle state %s; slowest frame (us) by state %s%n",
                    dropsBy, slowestBy);
            long atSwitch = java.util.stream.Stream.of("activating", "watching", "committed", "rolled_back")
                    .mapToLong(st -> dropsBy.getOrDefault(st, 0L)).sum();
            System.out.printf("activation benchmark: dropped while activating, watching, committing or rolling back: "
                    + "%d%n", atSwitch);
            assertThat(atSwitch).isZero();
            assertThat(rig.traces.size() - warmup + dropped.get()).isEqualTo(delivered.get());
            assertThat(rig.slot.swaps()).isEqualTo(2L * CYCLES);
        }
    }

    private static String phase(LifecycleRig rig) {
        return rig.states.isEmpty() ? "none" : rig.states.get(rig.states.size() - 1).state().code();
    }

    private static long count(LifecycleRig rig, LifecycleState state) {
        return rig.states.stream().filter(s -> s.state() == state).count();
    }
}
