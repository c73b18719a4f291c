package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} during a download: a child JVM station downloads from a server that answers only the first
 * {@value #SERVED} blocks (so the download cannot finish before the kill, however fast the machine), is SIGKILLed
 * once its H2 row shows progress, and a station restarted on the same data directory resumes from the persisted
 * missing-block set against the real block server and ends with exactly one complete archive, byte-identical to
 * the pushed one, and no partial file.
 */
class DownloadKillTest {
    private static final int SIZE = 1_000_000;
    private static final int BLOCK = 8 * 1024;
    private static final int SERVED = 40;
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aStationKilledMidDownloadResumesAndEndsOnExactlyOneCompleteArchive() throws Exception {
        try (DeliveryRig rig = new DeliveryRig(dir)) {
            JobDocument job = rig.randomArchive("r-kill", JobTarget.device(rig.site, "a"), SIZE, BLOCK, 1);
            int blocks = job.job().blockCount();
            byte[] archive = Files.readAllBytes(rig.store.find(job.sha256()).orElseThrow().file());
            rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.empty());
            Path data = dir.resolve("station-a");
            int persistedMissing;
            try (DownloadResilienceTest.Rogue partial = DownloadResilienceTest.Rogue.connect(rig.site + "-part")) {
                partial.onRequests(BundleTopics.blockRequest(rig.site, "a"), (request, props) -> {
                    for (int index : BlockRequest.parse(request).indexes()) {
                        if (index < SERVED) { // the rest never comes: the download cannot end before the kill
                            int from = index * BLOCK;
                            partial.sendAsync(props.getResponseTopic(), props.getCorrelationData(), index,
                                    Arrays.copyOfRange(archive, from, Math.min(archive.length, from + BLOCK)));
                        }
                    }
                });
                persistedMissing = runAndKill(rig, data, job.sha256(), blocks);
            }
            assertThat(persistedMissing).isBetween(blocks - SERVED, blocks - 1);

            try (AgentDatabase db = AgentDatabase.open(data)) { // what the killed station left on disk
                new TraceStore(db);
                DownloadStore.Row row = new DownloadStore(db).find(job.sha256()).orElseThrow();
                assertThat(row.state()).isEqualTo(DownloadStore.DOWNLOADING);
                assertThat(row.blocksMissing()).isLessThanOrEqualTo(persistedMissing);
                persistedMissing = row.blocksMissing();
            }
            assertThat(data.resolve("bundle-downloads").resolve(job.sha256() + ".part")).exists();

            rig.startServer();
            DeliveryRig.Station again = rig.station("a").start();
            assertThat(Eventually.await(LONG, () -> again.offered.size() == 1)).as("%s", again.delivery.status())
                    .isTrue();
            assertThat(again.events).anyMatch(e -> e.contains("resuming with "));
            int resumedWith = Integer.parseInt(again.events.stream().filter(e -> e.contains("resuming with "))
                    .findFirst().orElseThrow().replaceAll(".*resuming with (\\d+).*", "$1"));
            assertThat(resumedWith).isEqualTo(blocks - persistedMissing).isPositive();
            assertThat(Files.readAllBytes(again.offered.get(0))).isEqualTo(archive);
            try (Stream<Path> files = Files.list(data.resolve("bundle-downloads"))) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("exactly one complete archive, no partial file").containsExactly(job.sha256() + ".bundle");
            }
            assertThat(again.downloads().find(job.sha256()).orElseThrow().state()).isEqualTo(DownloadStore.OFFERED);
        }
    }

    /** Starts the child station, SIGKILLs it once its H2 row shows progress; returns the missing count it saw. */
    private static int runAndKill(DeliveryRig rig, Path data, String sha256, int blocks) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DownloadCrashChild.class.getName(), DeliveryRig.BROKER,
                rig.site, "a", data.toString(), sha256).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + LONG.toNanos();
            for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                assertThat(line).as("the download cannot finish: only %d blocks are served", SERVED)
                        .doesNotStartWith("OFFERED");
                if (line.startsWith("PERSISTED ")) {
                    int missing = Integer.parseInt(line.substring("PERSISTED ".length()).trim());
                    if (missing < blocks) {
                        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no last save
                        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                        return missing;
                    }
                }
            }
            throw new AssertionError("the child never persisted progress (exit " + (child.isAlive() ? "none"
                    : child.exitValue()) + ")");
        } finally {
            child.destroyForcibly();
        }
    }
}
