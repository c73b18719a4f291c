package io.intakeedge.capture.locator;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityGate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which locator decides visibility, and that a still's verdict does not depend on the stills before it. */
class ParcelLocatorTest {
    private static final QualityGate GATE = new QualityGate(GateThresholds.SEED_DEFAULTS);

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void fullFrameGivesTheSameVerdictWhateverCameBefore() throws Exception {
        Mat photo = photo("chelsea.png");
        GateVerdict alone = verdictAfter(List.of(), photo);
        List<List<Mat>> histories = List.of(
                List.of(photo("coffee.png"), photo("rocket.jpg")),
                List.of(blank(640, 480, 120), photo("camera.png"), blank(32, 32, 0)),
                List.of(photo("astronaut.png"), photo("chelsea.png"), photo("gravel.png")));
        for (List<Mat> before : histories) {
            GateVerdict after = verdictAfter(before, photo);
            assertThat(after).isEqualTo(alone); // records: every metric, the box and the reasons, exactly
        }
        assertThat(alone.passed()).isTrue();
        assertThat(alone.metrics().locator()).isEqualTo(FullFrameLocator.NAME);
        assertThat(alone.metrics().parcelBox()).contains(new Box(0, 0, photo.cols(), photo.rows()));
    }

    @Test
    void aStillFillingTheFrameIsIncompleteToTheStationLocatorButUsableAsAFullFrame() {
        // what issue 9 measured: hot-folder photos went to package_incomplete under the background locator
        Mat photo = photo("chelsea.png");
        try (QualityAnalyzer station = new QualityAnalyzer(new BackgroundLocator());
             QualityAnalyzer still = new QualityAnalyzer(new FullFrameLocator())) {
            GateVerdict asStation = GATE.evaluate(station.analyze(photo));
            GateVerdict asStill = GATE.evaluate(still.analyze(photo));
            assertThat(asStation.metrics().locator()).isEqualTo(BackgroundLocator.NAME);
            assertThat(asStation.reasons()).containsExactly(QualityGate.PACKAGE_INCOMPLETE);
            assertThat(asStill.reasons()).isEmpty();
        }
    }

    @Test
    void aFixedCameraCountsEveryFrameOfAnotherSize() {
        try (BackgroundLocator locator = new BackgroundLocator()) {
            locator.learn(blank(640, 480, 90));
            assertThat(locator.locate(blank(640, 480, 90)).fault()).isNull();
            for (int i = 0; i < 3; i++) {
                Location l = locator.locate(blank(1280, 720, 90));
                assertThat(l.fault()).startsWith(BackgroundLocator.FRAME_SIZE_CHANGED);
                assertThat(l.visible()).isFalse();
            }
            assertThat(locator.faults()).isEqualTo(3);
            assertThat(locator.locate(blank(640, 480, 90)).fault()).isNull();
        }
    }

    @Test
    void locatorsAreChosenByNameWithADefaultPerSource() {
        assertThat(ParcelLocators.defaultFor("folder")).isEqualTo("full_frame");
        assertThat(ParcelLocators.defaultFor("video")).isEqualTo("background");
        assertThat(ParcelLocators.defaultFor("synthetic")).isEqualTo("background");
        try (ParcelLocator a = ParcelLocators.create("full_frame");
             ParcelLocator b = ParcelLocators.create("background")) {
            assertThat(a).isInstanceOf(FullFrameLocator.class);
            assertThat(b).isInstanceOf(BackgroundLocator.class);
        }
        assertThatThrownBy(() -> ParcelLocators.create("yolo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yolo").hasMessageContaining("full_frame");
    }

    private static GateVerdict verdictAfter(List<Mat> before, Mat photo) {
        try (QualityAnalyzer analyzer = new QualityAnalyzer(new FullFrameLocator())) {
            for (Mat m : before) {
                analyzer.analyze(m);
            }
            return GATE.evaluate(analyzer.analyze(photo));
        }
    }

    private static Mat blank(int w, int h, int grey) {
        return new Mat(new Size(w, h), CvType.CV_8UC3, Scalar.all(grey));
    }

    private static Mat photo(String name) {
        try {
            Path file = Path.of(ParcelLocatorTest.class.getResource("/photos/" + name).toURI());
            Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            assertThat(m.empty()).as(name).isFalse();
            return m;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
