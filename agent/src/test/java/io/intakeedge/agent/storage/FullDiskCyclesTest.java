package io.intakeedge.agent.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.app.StatusServer;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.profiles.ProfileRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's full disk, on a real 24 MiB tmpfs holding the station's data directory: ≥ 20 cycles of fill (a filler
 * file up to ENOSPC), keep deciding (photos dropped into a hot folder), free. Each cycle checks that decisions taken
 * while the disk is full are {@code manual_intake}/{@code storage_fault} with the fault in status, that no decision is
 * shown (listener, hot-folder move) before its trace is durable, that the station recovers by itself once the filler
 * is gone, and that no committed trace is lost: every trace reaches the broker (the shared mosquitto on
 * 127.0.0.1:1883, rows leaving on PUBACK, so the outbox's drain and deletes run through the full disk too) with outbox
 * seqs 1..n without a gap. The H2 file is measured every cycle and must not grow with the cycles.
 */
class FullDiskCyclesTest {
    private static final Path PHOTOS = Path.of("..", "camera-capture", "src", "test", "resources", "photos");
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo");
    private static final int CYCLES = Integer.getInteger("fulldisk.cycles", 20);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BROKER = "tcp://127.0.0.1:1883";

    @TempDir
    Path dir;

    private final Map<String, Trace> shown = new ConcurrentHashMap<>(); // file name -> trace, as listeners heard it
    private final Set<String> shownBeforeDurable = ConcurrentHashMap.newKeySet();
    private final List<Long> h2Sizes = new ArrayList<>();
    private Path inbox;
    private Path data;
    private List<byte[]> photos;
    private int dropped;
    private int failedClosed;

    @Test
    void fillFreeCyclesFailClosedLoseNothingAndRecoverByThemselves() throws Exception {
        OpenCv.load();
        inbox = Files.createDirectories(dir.resolve("inbox"));
        photos = photos();
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 24)) {
            data = disk.root().resolve("data");
            long started = System.nanoTime();
            String device = "fulldisk-" + Long.toHexString(System.nanoTime() & 0xffffffL);
            try (BrokerTap tap = new BrokerTap(BROKER, "site-a", device);
                 StationAgent agent = new StationAgent(config(inbox, data, device))) {
                agent.onDecision(t -> {
                    // shown only after the commit: the trace must already be readable
                    if (agent.traces().find(t.traceId()).isEmpty()) {
                        shownBeforeDurable.add(t.traceId().toString());
                    }
                    shown.put(Path.of(t.frameOrigin()).getFileName().toString(), t);
                });
                agent.start();
                long cyclesFrom = System.nanoTime();
                try {
                    for (int cycle = 0; cycle < CYCLES; cycle++) {
                        cycle(cycle, agent, disk);
                    }
                } finally {
                    disk.free(); // a failed cycle must not leave the agent to close on a full disk
                }
                double cycleSeconds = (System.nanoTime() - cyclesFrom) / 1e9;
                long idleFrom = h2Size();
                Thread.sleep(3_000);
                long idleTo = h2Size();
                StorageStatus storage = agent.storage();
                System.out.printf("full disk: %d cycles in %.1f s (%.1f s in all), %d photos, %d shown, %d failed"
                                + " closed, %d commit failures, %d images deleted, H2 bytes per cycle %s, idle %d -> %d%n",
                        CYCLES, cycleSeconds, (System.nanoTime() - started) / 1e9, dropped, shown.size(),
                        failedClosed, storage.commitFailures(), storage.disk().imagesDeleted(), h2Sizes, idleFrom,
                        idleTo);

                assertThat(shownBeforeDurable).as("decisions shown before their trace was durable").isEmpty();
                assertThat(shown).hasSize(dropped);
                assertThat(agent.traces().count()).as("exactly one trace per photo").isEqualTo(dropped);
                for (Trace t : shown.values()) {
                    assertThat(agent.traces().find(t.traceId())).as("trace %s", t.traceId()).isPresent();
                }
                assertThat(storage.disk().imagesDeleted()).as("evidence gave way while the disk was full")
                        .isPositive();
                // small writes may still land (the last outbox deletes after PUBACK); the bug was growth to ENOSPC
                assertThat(idleTo).as("an idle H2 file does not grow").isLessThanOrEqualTo(idleFrom + (256 << 10));
                assertThat(h2Sizes.get(h2Sizes.size() - 1)).as("H2 file stays small: %s", h2Sizes)
                        .isLessThan(8L << 20);
                await("outbox drained to the broker", () -> pending(agent) == 0
                        && tap.traceIds().size() >= shown.size());
                assertThat(tap.errors()).isEmpty();
                assertThat(tap.seqs().first()).isEqualTo(1L);
                assertThat(tap.seqs().last()).as("no gap in outbox seqs").isEqualTo(tap.seqs().size());
                assertThat(tap.traceIds()).as("every shown trace reached the broker").isEqualTo(shown.values()
                        .stream().map(t -> t.traceId().toString()).collect(Collectors.toCollection(TreeSet::new)));
            }
            System.out.printf("full disk: H2 file after close (H2 compacts on close): %d bytes%n", h2Size());
        }
    }

    /** Photos on a disk with room, then photos on a full disk, then the disk freed. */
    private void cycle(int cycle, StationAgent agent, SmallDisk disk) throws Exception {
        long t0 = System.nanoTime();
        List<String> normal = drop(inbox, photos, "c" + pad(cycle) + "-a");
        dropped += normal.size();
        await("cycle " + cycle + ": normal decisions shown", () -> shown.keySet().containsAll(normal));
        awaitMoved(inbox, normal);

        long t1 = System.nanoTime();
        disk.fill();
        long t2 = System.nanoTime();
        List<String> full = drop(inbox, photos, "c" + pad(cycle) + "-b");
        dropped += full.size();
        await("cycle " + cycle + ": storage fault visible", () -> agent.status().problems().stream()
                .anyMatch(p -> p.startsWith("storage fault") || p.startsWith("disk critical")));
        // every photo of the full phase was taken: either waiting for its commit or already durable
        await("cycle " + cycle + ": full-phase photos decided", () -> agent.storage().backlog()
                + full.stream().filter(shown::containsKey).count() >= full.size());
        assertThat(agent.status().healthy()).isFalse();
        JsonNode status = StatusServer.JSON.valueToTree(agent.status());
        assertThat(status.path("storage").path("fault").asText()).as("/api/status storage.fault").isNotBlank();
        assertThat(status.path("storage").path("disk").has("images_deleted")).isTrue();
        // a photo leaves the folder only once its trace is durable; until then it stays there for the retry (the
        // folder is looked at first: a photo moved after that look is simply not checked this time)
        List<String> moved = full.stream().filter(f -> !Files.exists(inbox.resolve(f))).toList();
        assertThat(storedOrigins(agent)).as("moved to done/ only with their traces stored").containsAll(moved);

        long t3 = System.nanoTime();
        disk.free();
        await("cycle " + cycle + ": recovered by itself", () -> shown.keySet().containsAll(full)
                && agent.storage().fault() == null && agent.storage().backlog() == 0);
        awaitMoved(inbox, full);
        for (String f : full) {
            assertThat(shown.get(f).route()).as(f).isEqualTo(Route.MANUAL_INTAKE);
            assertThat(shown.get(f).reason()).as(f).isEqualTo(Reason.STORAGE_FAULT);
            failedClosed++;
        }
        h2Sizes.add(h2Size());
        if (Boolean.getBoolean("fulldisk.verbose")) {
            System.out.printf("cycle %d: room %d ms, fill %d ms, full %d ms, recovery %d ms%n", cycle,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
        }
    }

    private long h2Size() throws IOException {
        return Files.size(data.resolve(AgentDatabase.FILE_NAME + ".mv.db"));
    }

    /**
     * The photos whose traces are stored. Read while the disk is full, so H2 may be between a failed instance and
     * the reopened one: a read that fails is tried again, as any reader would.
     */
    private static Set<String> storedOrigins(StationAgent agent) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return agent.traces().recent(10_000).stream()
                        .map(t -> Path.of(t.frameOrigin()).getFileName().toString()).collect(Collectors.toSet());
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static long pending(StationAgent agent) {
        try {
            return agent.sync().outbox().orElseThrow().pending();
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private StationConfig config(Path inbox, Path data, String device) {
        ObjectNode limits = JsonNodeFactory.instance.objectNode()
                .put("min_free_disk_mb", 8).put("h2_budget_mb", 16).put("evidence_budget_mb", 4);
        var camera = new StationConfig.CameraConfig("inbox", "folder", inbox, null, 0, null, null);
        // no collector here: rows leave the outbox on the broker's PUBACK
        var sync = new StationConfig.SyncSettings(true, BROKER, null, null, false, 4, false);
        return new StationConfig("site-a", device, "dock-1", new ProfileRequest("generic-linux-x86_64", limits),
                camera, DEMO_BUNDLE, data, new StationConfig.HttpConfig("127.0.0.1", 0), sync, null);
    }

    /** A sharp photo (scored), a blurred one and a dark one (sent back with evidence), as small JPEGs. */
    private static List<byte[]> photos() {
        Mat photo = Imgcodecs.imread(PHOTOS.resolve("chelsea.png").toString(), Imgcodecs.IMREAD_COLOR);
        Mat small = new Mat();
        Imgproc.resize(photo, small, new Size(320, 240));
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(small, blurred, new Size(0, 0), 3.0);
        Mat dark = new Mat();
        small.convertTo(dark, -1, 0.1, 0);
        List<byte[]> out = new ArrayList<>();
        for (Mat m : List.of(small, blurred, dark)) {
            org.opencv.core.MatOfByte jpeg = new org.opencv.core.MatOfByte();
            Imgcodecs.imencode(".jpg", m, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
            out.add(jpeg.toArray());
            jpeg.release();
            m.release();
        }
        photo.release();
        return out;
    }

    /** Writes each photo under a hidden name, back-dates it past the settle time and renames it into place. */
    private static List<String> drop(Path inbox, List<byte[]> photos, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String name = prefix + "-" + i + ".jpg";
            Path tmp = inbox.resolve("." + name);
            Files.write(tmp, photos.get(i));
            Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(5)));
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            names.add(name);
        }
        return names;
    }

    private static void awaitMoved(Path inbox, List<String> names) throws InterruptedException {
        await("moved to done/: " + names, () -> names.stream().allMatch(n -> Files.exists(inbox.resolve("done")
                .resolve(n)) && !Files.exists(inbox.resolve(n))));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String pad(int n) {
        return String.format("%02d", n);
    }
}
