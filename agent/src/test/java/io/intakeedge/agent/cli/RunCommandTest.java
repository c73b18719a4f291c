package io.intakeedge.agent.cli;

import io.intakeedge.capture.presentation.ObjectVideo;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.source.MjpegAviWriter;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run}: one line per decision, {@code --quiet}, and start-up failures as one line with exit code 2. */
class RunCommandTest {
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path video;

    @BeforeEach
    void recordAVideo() throws Exception {
        video = dir.resolve("conveyor.avi");
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(8).withMaxParcels(4))) {
            MjpegAviWriter.record(scene, video, 30.0, scene.frameCount());
        }
    }

    @Test
    void printsOneLinePerDecisionWithTheFailingGateAndQuietSilencesIt() throws Exception {
        CommandRun loud = CommandRun.of(new Main(), "run", "--config", config("{source: video, path: " + video + "}",
                DEMO_BUNDLE, "loud"));
        assertThat(loud.exitCode()).as(loud.toString()).isZero();
        long stored = traces("loud");
        assertThat(stored).isEqualTo(4);
        var lines = loud.out().lines().filter(l -> l.startsWith("parcel ")).toList();
        assertThat(lines).hasSize((int) stored);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches(
                "parcel +\\d+ +(normal_review|priority_damage_review|request_new_photo|manual_intake) +\\S+ +score "
                        + "+(-|\\d\\.\\d{3}) +\\d+\\.\\d ms +video:.*"));
        // the gate that failed, not only the seed's umbrella reason
        assertThat(lines).noneMatch(l -> l.contains("image_quality_gate"));

        CommandRun quiet = CommandRun.of(new Main(), "run", "--quiet", "--config",
                config("{source: video, path: " + video + "}", DEMO_BUNDLE, "quiet"));
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(traces("quiet")).isEqualTo(stored);
        assertThat(quiet.out().lines().filter(l -> l.startsWith("parcel "))).isEmpty();
    }

    /**
     * Issue 9: 12 different objects swapped in front of the camera, 20 frames each, in an AVI written by OpenCV's
     * VideoWriter. Before: 3 decisions and no trace of the other 9. Now every object is a stored decision (or a
     * skipped record with its reason), whatever the frame rate.
     */
    @ParameterizedTest(name = "{0} fps")
    @ValueSource(ints = {10, 30})
    void twelveObjectsMakeTwelveDecisionsAtAnyFrameRate(int fps) throws Exception {
        Path objects = ObjectVideo.write(dir.resolve("objects-" + fps + ".avi"), fps, 12, 20, 0, 0);
        String data = "objects-" + fps;
        CommandRun run = CommandRun.of(new Main(), "run", "--config",
                config("{source: video, path: " + objects + "}", DEMO_BUNDLE, data));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long decided = traces(data);
        long skipped;
        try (AgentDatabase db = AgentDatabase.open(dir.resolve(data))) {
            skipped = new SkippedStore(db, new TraceStore(db)).recent(100).size();
        }
        System.out.printf("12 objects at %d fps: %d decisions, %d skipped%n", fps, decided, skipped);
        assertThat(decided + skipped).isEqualTo(12);
        assertThat(decided).isEqualTo(12);
        assertThat(run.out().lines().filter(l -> l.startsWith("parcel "))).hasSize(12);
    }

    @Test
    void anUndecodableVideoIsOneLineAndExitTwoAndNoDatabaseIsOpened() throws Exception {
        Path garbage = dir.resolve("xvid.avi");
        byte[] bytes = new byte[30000];
        new Random(9).nextBytes(bytes);
        Files.write(garbage, bytes);
        Path config = config("{source: video, path: " + garbage + "}", DEMO_BUNDLE, "bad-video");
        CommandRun run = CommandRun.of(new Main(), "run", "--config", config);
        assertOneLineFailure(run, "cannot start: camera cam-1: cannot open video " + garbage);
        assertThat(dir.resolve("bad-video")).as("no data directory, no H2 file").doesNotExist();

        CommandRun verbose = CommandRun.of(new Main(), "run", "--verbose", "--config", config);
        assertThat(verbose.exitCode()).isEqualTo(2);
        assertThat(verbose.err()).contains("\tat ").contains("CaptureException");
    }

    @Test
    void aBadBundleIsOneLineAndExitTwoBeforeTheCameraOrDatabaseOpen() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("broken-bundle"));
        Files.writeString(bundle.resolve("manifest.yaml"), "schema: intake.bundle/0\n");
        CommandRun run = CommandRun.of(new Main(), "run", "--config",
                config("{source: video, path: " + video + "}", bundle, "bad-bundle"));
        assertOneLineFailure(run, "cannot start: bundle " + bundle);
        assertThat(dir.resolve("bad-bundle")).doesNotExist();
    }

    /** Issue 10: "a bad video path exits 1 (README says 2 for bad input)"; through Main, as the launcher runs it. */
    @Test
    void aMissingVideoOrAFolderGivenAsVideoIsOneLineAndExitTwo() throws Exception {
        Path missing = dir.resolve("no-such-video.avi");
        CommandRun run = CommandRun.of(new Main(), "run", "--config",
                config("{source: video, path: " + missing + "}", DEMO_BUNDLE, "missing-video"));
        assertOneLineFailure(run, missing.toString());
        // the real process, as the launcher starts it: System.exit's code
        Path log = dir.resolve("missing-video.log");
        Process child = io.intakeedge.sync.testing.ChildJvm.start(Main.class, log, "run", "--config",
                config("{source: video, path: " + missing + "}", DEMO_BUNDLE, "missing-video").toString());
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(2);
        assertThat(Files.readString(log)).contains("cannot open video " + missing);
        assertThat(dir.resolve("missing-video")).doesNotExist();

        CommandRun folder = CommandRun.of(new Main(), "run", "--config",
                config("{source: video, path: " + dir + "}", DEMO_BUNDLE, "folder-video"));
        assertOneLineFailure(folder, dir.toString());
    }

    @Test
    void aBadTriggerSettingIsOneLineAndExitTwo() throws Exception {
        CommandRun run = CommandRun.of(new Main(), "run", "--config",
                config("{source: synthetic, trigger: {still_ms: 100, burst_ms: 100, settle_timeout_ms: 150}}",
                        DEMO_BUNDLE, "bad-trigger"));
        assertOneLineFailure(run, "camera.trigger");
        assertThat(dir.resolve("bad-trigger")).doesNotExist();
    }

    private static void assertOneLineFailure(CommandRun run, String expected) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.toString()).singleElement().asString()
                .startsWith("intake-edge: ").contains(expected);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    private long traces(String dataDir) {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve(dataDir))) {
            return new TraceStore(db).count();
        }
    }

    private Path config(String camera, Path bundle, String dataDir) throws Exception {
        return Files.writeString(dir.resolve(dataDir + ".yaml"), """
                site: s1
                device: d1
                profile: generic-x86_64
                camera: %s
                bundle: %s
                data_dir: %s
                http: {port: 0}
                calibration: {fraction: 0}
                """.formatted(camera, bundle, dataDir));
    }
}
