package io.intakeedge.capture.quality;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.locator.BackgroundLocator;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate on crafted frames: one usable synthetic parcel, then blurred, darkened, over-exposed, cut, removed. */
class QualityGateTest {
    private static SyntheticConveyorSource scene;
    private static Mat emptyStation;
    private static Mat sharpParcel;
    private static Box parcelBox;

    private final QualityGate gate = new QualityGate(GateThresholds.SEED_DEFAULTS);

    @BeforeAll
    static void pickAUsableParcel() {
        scene = new SyntheticConveyorSource(SceneConfig.standard(2024).withMaxParcels(20));
        try (Frame empty = scene.frameAt(0)) {
            emptyStation = empty.image().clone();
        }
        for (int p = 0; p < 20; p++) {
            long still = scene.middleStillFrame(p);
            if (scene.truthOf(still).orElseThrow().condition() == Condition.USABLE) {
                try (Frame f = scene.frameAt(still)) {
                    sharpParcel = f.image().clone();
                    parcelBox = scene.truthOf(still).orElseThrow().box();
                }
                return;
            }
        }
        throw new IllegalStateException("scene has no usable parcel");
    }

    @AfterAll
    static void release() {
        scene.close();
        emptyStation.release();
        sharpParcel.release();
    }

    @Test
    void sharpWellLitCompleteParcelPasses() {
        GateVerdict v = verdict(sharpParcel);
        assertThat(v.reasons()).isEmpty();
        assertThat(v.passed()).isTrue();
        assertThat(v.metrics().blurScore()).isLessThan(0.45);
        Box found = v.metrics().parcelBox().orElseThrow();
        assertThat(Math.abs(found.x() - parcelBox.x())).isLessThanOrEqualTo(12);
        assertThat(Math.abs(found.y() - parcelBox.y())).isLessThanOrEqualTo(12);
        assertThat(Math.abs(found.width() - parcelBox.width())).isLessThanOrEqualTo(24);
    }

    @Test
    void gaussianBlurredParcelIsTooBlurry() {
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(sharpParcel, blurred, new Size(0, 0), 3.0);
        GateVerdict v = verdict(blurred);
        assertThat(v.reasons()).containsExactly(QualityGate.TOO_BLURRY);
        assertThat(v.metrics().blurScore()).isGreaterThan(0.45);
        assertThat(v.metrics().laplacianVariance()).isLessThan(verdict(sharpParcel).metrics().laplacianVariance() / 5);
    }

    @Test
    void darkParcelIsTooDarkButNotCalledBlurry() {
        Mat dark = new Mat();
        sharpParcel.convertTo(dark, -1, 0.15, 0);
        GateVerdict v = verdict(dark);
        assertThat(v.reasons()).containsExactly(QualityGate.TOO_DARK);
        assertThat(v.metrics().parcelVisible()).isTrue();
        assertThat(v.metrics().brightness()).isLessThan(0.20);
    }

    @Test
    void overExposedParcelIsOverExposed() {
        Mat glare = new Mat();
        sharpParcel.convertTo(glare, -1, 1.9, 0);
        GateVerdict v = verdict(glare);
        assertThat(v.reasons()).startsWith(QualityGate.OVER_EXPOSED).doesNotContain(QualityGate.TOO_DARK,
                QualityGate.PACKAGE_NOT_VISIBLE);
        assertThat(v.metrics().overExposedFraction()).isGreaterThan(0.25);
    }

    @Test
    void parcelCutByTheBorderIsIncomplete() {
        Mat cut = emptyStation.clone();
        int shift = parcelBox.width() / 3;
        Rect dst = new Rect(cut.cols() - parcelBox.width() + shift, parcelBox.y(), parcelBox.width() - shift,
                parcelBox.height());
        Rect src = new Rect(parcelBox.x(), parcelBox.y(), dst.width, dst.height);
        sharpParcel.submat(src).copyTo(cut.submat(dst));
        GateVerdict v = verdict(cut);
        assertThat(v.reasons()).containsExactly(QualityGate.PACKAGE_INCOMPLETE);
        assertThat(v.metrics().parcelVisible()).isTrue();
        assertThat(v.metrics().parcelComplete()).isFalse();
    }

    @Test
    void emptyBeltShowsNoParcel() {
        GateVerdict v = verdict(emptyStation);
        assertThat(v.reasons()).containsExactly(QualityGate.PACKAGE_NOT_VISIBLE);
        assertThat(v.metrics().parcelBox()).isEmpty();
    }

    @Test
    void withoutAnyEmptyFrameAParcelOnAPlainBackgroundIsStillFound() {
        Mat photo = new Mat(480, 640, CvType.CV_8UC3, new Scalar(70, 72, 75));
        Imgproc.rectangle(photo, new Rect(200, 150, 220, 160), new Scalar(95, 150, 195), -1);
        for (int x = 210; x < 410; x += 12) {
            Imgproc.line(photo, new Point(x, 160), new Point(x, 300), new Scalar(20, 20, 20), 2);
        }
        BackgroundLocator locator = new BackgroundLocator();
        try (QualityAnalyzer analyzer = new QualityAnalyzer(locator)) {
            assertThat(locator.hasBackground()).isFalse();
            QualityMetrics m = analyzer.analyze(photo);
            assertThat(m.parcelVisible()).isTrue();
            assertThat(m.parcelComplete()).isTrue();
            Box b = m.parcelBox().orElseThrow();
            assertThat(b.x()).isBetween(192, 208);
            assertThat(b.width()).isBetween(212, 236);
            assertThat(locator.hasBackground()).isFalse();
            assertThat(m.locator()).isEqualTo(BackgroundLocator.NAME);
        }
    }

    @Test
    void unmeasurableValuesFailTheGate() {
        QualityMetrics nan = new QualityMetrics(Double.NaN, 0, Double.NaN, 0, Double.NaN, true, true,
                Optional.of(new Box(1, 1, 10, 10)));
        assertThat(gate.evaluate(nan).passed()).isFalse();
        assertThat(gate.evaluate(nan).reasons()).containsExactly(QualityGate.QUALITY_UNMEASURABLE);
    }

    @Test
    void reasonsComeInPriorityOrder() {
        QualityMetrics everythingWrong = new QualityMetrics(0.9, 1, 0.05, 0.5, 0.6, true, false,
                Optional.of(new Box(0, 0, 10, 10)));
        assertThat(gate.evaluate(everythingWrong).reasons()).containsExactly(QualityGate.PACKAGE_INCOMPLETE,
                QualityGate.TOO_BLURRY, QualityGate.TOO_DARK, QualityGate.OVER_EXPOSED);
        QualityMetrics nothingThere = new QualityMetrics(0.9, 1, 0.05, 0.5, 0.0, false, false, Optional.empty());
        assertThat(gate.evaluate(nothingThere).reasons()).containsExactly(QualityGate.PACKAGE_NOT_VISIBLE,
                QualityGate.TOO_DARK);
    }

    @Test
    void wrongImagesAreRejectedWithTheReason() {
        try (QualityAnalyzer analyzer = new QualityAnalyzer()) {
            assertThatThrownBy(() -> analyzer.analyze(new Mat())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero size");
            assertThatThrownBy(() -> analyzer.analyze(new Mat(480, 640, CvType.CV_8UC1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CV_8UC3")
                    .hasMessageContaining("8UC1");
            assertThatThrownBy(() -> analyzer.analyze((Mat) null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new QualityGate(new GateThresholds(1.5, 0.2, 0.25)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..1");
        }
    }

    @Test
    void blurMappingIsMonotonicAndDocumentedAnchorsHold() {
        try (QualityAnalyzer analyzer = new QualityAnalyzer()) {
            double k = analyzer.settings().blurK();
            assertThat(analyzer.blurScore(k)).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(analyzer.blurScore(0.05)).isGreaterThan(analyzer.blurScore(0.1));
            assertThat(analyzer.blurScore(0)).isEqualTo(1.0);
            // the documented crossing of the seeds' max_blur 0.45
            assertThat(analyzer.blurScore(0.137)).isGreaterThan(0.45);
            assertThat(analyzer.blurScore(0.139)).isLessThan(0.45);
        }
    }

    @Test
    void aFrameSizeChangeIsACameraFaultNotARelearn() {
        BackgroundLocator locator = new BackgroundLocator();
        locator.learn(emptyStation);
        try (QualityAnalyzer analyzer = new QualityAnalyzer(locator)) {
            Mat smaller = new Mat();
            Imgproc.resize(sharpParcel, smaller, new Size(320, 240));
            QualityMetrics faulty = analyzer.analyze(smaller);
            assertThat(faulty.locatorFault()).startsWith(BackgroundLocator.FRAME_SIZE_CHANGED).contains("640x480")
                    .contains("320x240");
            GateVerdict v = gate.evaluate(faulty);
            assertThat(v.reasons()).containsExactly(QualityGate.CAMERA_FAULT);
            assertThat(analyzer.analyze(smaller).locatorFault()).isNotNull();
            assertThat(locator.faults()).isEqualTo(2);
            // the learned station still serves frames of its own size
            assertThat(gate.evaluate(analyzer.analyze(sharpParcel)).passed()).isTrue();
            smaller.release();
        }
    }

    private GateVerdict verdict(Mat image) {
        BackgroundLocator locator = new BackgroundLocator();
        locator.learn(emptyStation);
        try (QualityAnalyzer analyzer = new QualityAnalyzer(locator)) {
            return gate.evaluate(analyzer.analyze(image));
        }
    }
}
