package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.quality.QualityGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's hot-folder case end to end: real photographs (camera-capture's fixtures) dropped into a hot folder reach
 * the model when sharp, are sent back with the failing gate when blurred or dark, and the same photo gets the same
 * verdict wherever it sits in the folder (full_frame locator, the folder default).
 */
class HotFolderRealPhotosTest {
    private static final Path PHOTOS = Path.of("..", "camera-capture", "src", "test", "resources", "photos");
    private static final Path DEMO_BUNDLE = Path.of("..", "bundles", "demo");
    private static final List<String> SHARP = List.of("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg");

    @TempDir
    Path dir;

    @Test
    void sharpPhotosAreScoredDegradedOnesSentBackAndOrderDoesNotMatter() throws Exception {
        OpenCv.load();
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.copy(PHOTOS.resolve("chelsea.png"), inbox.resolve("a-chelsea.png"));
        for (String name : SHARP) {
            Mat photo = Imgcodecs.imread(PHOTOS.resolve(name).toString(), Imgcodecs.IMREAD_COLOR);
            Files.copy(PHOTOS.resolve(name), inbox.resolve("m-" + name));
            Mat variant = new Mat();
            Imgproc.GaussianBlur(photo, variant, new Size(0, 0), 3.0);
            Imgcodecs.imwrite(inbox.resolve("n-blurred-" + stem(name) + ".png").toString(), variant);
            photo.convertTo(variant, -1, 0.1, 0);
            Imgcodecs.imwrite(inbox.resolve("o-dark-" + stem(name) + ".png").toString(), variant);
            variant.release();
            photo.release();
        }
        Files.copy(PHOTOS.resolve("chelsea.png"), inbox.resolve("z-chelsea.png"));
        int files = 2 + 3 * SHARP.size();
        // a hot folder whose files are older than the 200 ms settle time are delivered on the first scan
        Thread.sleep(300);

        Map<String, Trace> byFile = new HashMap<>();
        try (StationAgent agent = new StationAgent(config(inbox, files))) {
            agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            for (Trace t : agent.traces().recent(100)) {
                byFile.put(Path.of(t.frameOrigin()).getFileName().toString(), t);
            }
        }
        assertThat(byFile).hasSize(files);
        for (Map.Entry<String, Trace> e : byFile.entrySet()) {
            Trace t = e.getValue();
            String file = e.getKey();
            assertThat(t.quality().locator()).as(file).isEqualTo("full_frame");
            if (file.startsWith("n-blurred-")) {
                assertThat(t.route()).as(file).isEqualTo(Route.REQUEST_NEW_PHOTO);
                assertThat(t.gateReasons()).as(file).containsExactly(QualityGate.TOO_BLURRY);
            } else if (file.startsWith("o-dark-")) {
                assertThat(t.route()).as(file).isEqualTo(Route.REQUEST_NEW_PHOTO);
                assertThat(t.gateReasons()).as(file).contains(QualityGate.TOO_DARK);
            } else {
                assertThat(t.gatePassed()).as(file + " " + t.gateReasons()).isTrue();
                assertThat(t.route()).as(file).isIn(Route.NORMAL_REVIEW, Route.PRIORITY_DAMAGE_REVIEW);
                assertThat(t.positiveScore()).as(file).isNotNull();
            }
        }
        Trace first = byFile.get("a-chelsea.png");
        Trace again = byFile.get("z-chelsea.png");
        Trace middle = byFile.get("m-chelsea.png");
        assertThat(again.quality()).isEqualTo(first.quality()).isEqualTo(middle.quality());
        assertThat(again.scores()).isEqualTo(first.scores());
        assertThat(again.route()).isEqualTo(first.route());
    }

    @Test
    void aFixedCameraWhoseFrameSizeChangesReportsACameraFault() throws Exception {
        OpenCv.load();
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        // the background locator learns the first (empty, plain) frame as the station, then the size changes
        Imgcodecs.imwrite(inbox.resolve("a-empty-station.png").toString(),
                new Mat(480, 640, org.opencv.core.CvType.CV_8UC3, org.opencv.core.Scalar.all(120)));
        Files.copy(PHOTOS.resolve("chelsea.png"), inbox.resolve("b-chelsea.png"));
        Thread.sleep(300);
        try (StationAgent agent = new StationAgent(config(inbox, 2, "background"))) {
            agent.start();
            assertThat(agent.awaitEnd(Duration.ofMinutes(2))).isTrue();
            Trace faulty = agent.traces().recent(10).stream()
                    .filter(t -> t.frameOrigin().endsWith("b-chelsea.png")).findFirst().orElseThrow();
            assertThat(faulty.quality().locator()).isEqualTo("background");
            assertThat(faulty.quality().locatorFault()).startsWith("frame_size_changed").contains("451x300");
            assertThat(faulty.gateReasons()).containsExactly(QualityGate.CAMERA_FAULT);
            assertThat(faulty.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
            assertThat(agent.status().problems()).anySatisfy(p -> assertThat(p).contains("camera fault")
                    .contains("1 frames"));
        }
    }

    private StationConfig config(Path inbox, int files) {
        return config(inbox, files, null);
    }

    private StationConfig config(Path inbox, int files, String locator) {
        var camera = new StationConfig.CameraConfig("inbox", "folder", inbox, null, files, null, null, locator, null);
        return new StationConfig("site-a", "dev-1", "dock-1", "generic-x86_64", camera, DEMO_BUNDLE,
                dir.resolve("data"), new StationConfig.HttpConfig("127.0.0.1", 0), null, null);
    }

    private static String stem(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }
}
