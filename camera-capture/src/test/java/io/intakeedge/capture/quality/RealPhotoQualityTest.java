package io.intakeedge.capture.quality;

import io.intakeedge.capture.locator.FullFrameLocator;
import io.intakeedge.capture.quality.RealPhotos.Photo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quality gate on real photographs (full-frame stills, the hot-folder case) with the seeds' thresholds: sharp
 * photos pass, blurred / darkened / over-exposed variants are sent back with the right reason, and more blur never
 * reads as sharper, whatever the exposure. Prints the figures quoted in the camera-capture README.
 */
class RealPhotoQualityTest {
    private static final double[] SHARP_SCALES = {1.0, 0.5};
    private static final double[] SHARP_GAINS = {0.7, 1.0, 1.2};
    private static final double[] BLUR_SIGMAS = {3.0, 4.5, 6.0};
    private static final double[] GRID_SIGMAS = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
    private static final double[] GRID_GAINS = {0.5, 0.75, 1.0, 1.25};

    private static List<Photo> sharp;
    private static List<Photo> all;
    private final QualityGate gate = new QualityGate(GateThresholds.SEED_DEFAULTS);

    @BeforeAll
    static void load() {
        all = RealPhotos.all();
        sharp = RealPhotos.sharp();
        assertThat(sharp).hasSizeGreaterThanOrEqualTo(8);
    }

    @AfterAll
    static void release() {
        all.forEach(p -> p.image().release());
    }

    @Test
    void sharpRealPhotosPassTheBlurGate() {
        int passed = 0;
        int passedBefore = 0;
        int total = 0;
        List<String> failures = new ArrayList<>();
        for (Photo p : sharp) {
            for (double scale : SHARP_SCALES) {
                for (double gain : SHARP_GAINS) {
                    Mat variant = RealPhotos.scaled(RealPhotos.resized(p.image(), scale), gain);
                    GateVerdict v = verdictOf(variant);
                    passedBefore += preIssue9BlurScore(variant) <= GateThresholds.SEED_DEFAULTS.maxBlur() ? 1 : 0;
                    variant.release();
                    total++;
                    if (!v.reasons().contains(QualityGate.TOO_BLURRY)) {
                        passed++;
                    } else {
                        failures.add(p.name() + " x" + scale + " gain " + gain + ": " + v.metrics().blurScore());
                    }
                }
            }
            GateVerdict original = verdictOf(p.image());
            System.out.printf("real photo %-16s %4dx%-4d blurScore %.3f sharpness %.3f brightness %.2f%n",
                    p.name(), p.image().cols(), p.image().rows(), original.metrics().blurScore(),
                    sharpness(p.image()), original.metrics().brightness());
            assertThat(original.reasons()).as(p.name()).isEmpty();
        }
        System.out.printf("sharp real photos (x%s scale, x%s gain) passing the blur gate: %d of %d (%.1f %%) %s; "
                + "with the old mapping: %d of %d%n", java.util.Arrays.toString(SHARP_SCALES),
                java.util.Arrays.toString(SHARP_GAINS), passed, total, 100.0 * passed / total, failures, passedBefore,
                total);
        assertThat(passed).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * total));
    }

    @Test
    void blurredVariantsAreSentBackAsTooBlurry() {
        int caught = 0;
        int total = 0;
        double lowestScore = 1;
        double highestSharpness = 0;
        for (Photo p : sharp) {
            for (double sigma : BLUR_SIGMAS) {
                Mat variant = RealPhotos.blurred(p.image(), sigma);
                GateVerdict v = verdictOf(variant);
                highestSharpness = Math.max(highestSharpness, sharpness(variant));
                variant.release();
                total++;
                lowestScore = Math.min(lowestScore, v.metrics().blurScore());
                assertThat(v.reasons()).as(p.name() + " sigma " + sigma).containsExactly(QualityGate.TOO_BLURRY);
                caught++;
            }
        }
        GateVerdict motion = verdictOf(byName(RealPhotos.MOTION_BLURRED));
        assertThat(motion.reasons()).as("a real motion-blurred photo").contains(QualityGate.TOO_BLURRY);
        System.out.printf("Gaussian-blurred variants (sigma %s) sent back as too_blurry: %d of %d, lowest blurScore "
                + "%.3f (highest sharpness %.3f); motion-blurred %s: blurScore %.3f%n", java.util.Arrays.toString(BLUR_SIGMAS), caught, total,
                lowestScore, highestSharpness, RealPhotos.MOTION_BLURRED, motion.metrics().blurScore());
    }

    @Test
    void darkenedVariantsAreSentBackAsTooDark() {
        int caught = 0;
        for (Photo p : all) {
            GateVerdict v = verdictOf(RealPhotos.scaled(p.image(), 0.1));
            assertThat(v.reasons()).as(p.name() + " x0.1").contains(QualityGate.TOO_DARK)
                    .doesNotContain(QualityGate.OVER_EXPOSED);
            caught++;
        }
        System.out.printf("darkened (x0.1) variants sent back as too_dark: %d of %d%n", caught, all.size());
    }

    @Test
    void overExposedVariantsAreSentBackAsOverExposed() {
        int caught = 0;
        for (Photo p : all) {
            // +2 EV: four times the light, clipped at 255 like a sensor
            GateVerdict v = verdictOf(RealPhotos.scaled(p.image(), 4.0));
            assertThat(v.reasons()).as(p.name() + " x4").contains(QualityGate.OVER_EXPOSED)
                    .doesNotContain(QualityGate.TOO_DARK);
            caught++;
        }
        System.out.printf("over-exposed (x4, +2 EV) variants sent back as over_exposed: %d of %d%n", caught,
                all.size());
    }

    @Test
    void moreBlurNeverReadsSharperAtAnyBrightness() {
        QualityAnalyzer analyzer = new QualityAnalyzer(new FullFrameLocator());
        int[] now = new int[3];
        int[] before = new int[3];
        for (Photo p : sharp) {
            double[][] score = new double[GRID_GAINS.length][GRID_SIGMAS.length];
            double[][] old = new double[GRID_GAINS.length][GRID_SIGMAS.length];
            for (int g = 0; g < GRID_GAINS.length; g++) {
                for (int s = 0; s < GRID_SIGMAS.length; s++) {
                    Mat variant = RealPhotos.scaled(RealPhotos.blurred(p.image(), GRID_SIGMAS[s]), GRID_GAINS[g]);
                    score[g][s] = analyzer.analyze(variant).blurScore();
                    old[g][s] = preIssue9BlurScore(variant);
                    variant.release();
                }
            }
            count(score, now);
            count(old, before);
        }
        analyzer.close();
        System.out.printf("monotonicity over %d photos x sigma %s x gain %s: pairs (sigma1 < sigma2) whose blurScore "
                + "is not higher for sigma2 — same gain: %d (before: %d), any gains: %d (before: %d), of %d / %d pairs%n",
                sharp.size(), java.util.Arrays.toString(GRID_SIGMAS), java.util.Arrays.toString(GRID_GAINS), now[0],
                before[0], now[1], before[1], now[2], pairsPerPhoto() * sharp.size());
        assertThat(now[0]).as("inversions at the same brightness").isZero();
        assertThat(now[1]).as("inversions across brightness scalings").isZero();
        assertThat(before[1]).as("the old mapping, for contrast").isPositive();
    }

    private static void count(double[][] score, int[] inversions) {
        for (int g1 = 0; g1 < GRID_GAINS.length; g1++) {
            for (int s1 = 0; s1 < GRID_SIGMAS.length; s1++) {
                for (int g2 = 0; g2 < GRID_GAINS.length; g2++) {
                    for (int s2 = s1 + 1; s2 < GRID_SIGMAS.length; s2++) {
                        // ties count: more blur must read strictly blurrier
                        boolean inverted = !(score[g2][s2] > score[g1][s1]);
                        inversions[0] += inverted && g1 == g2 ? 1 : 0;
                        inversions[1] += inverted ? 1 : 0;
                        inversions[2] += g1 == g2 ? 1 : 0;
                    }
                }
            }
        }
    }

    private static int pairsPerPhoto() {
        int n = GRID_SIGMAS.length;
        return GRID_GAINS.length * GRID_GAINS.length * n * (n - 1) / 2;
    }

    /** The mapping this replaced (issue 9): Laplacian variance normalised to mid-grey, K = 200. */
    private static double preIssue9BlurScore(Mat bgr) {
        Mat grey = new Mat();
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        Mat lap = new Mat();
        Imgproc.Laplacian(grey, lap, CvType.CV_16S);
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Core.meanStdDev(lap, mean, std);
        double v = Math.pow(std.get(0, 0)[0], 2) * Math.pow(128.0 / Math.max(Core.mean(grey).val[0], 16.0), 2);
        grey.release();
        lap.release();
        return 1.0 / (1.0 + v / 200.0);
    }

    private static double sharpness(Mat bgr) {
        Mat grey = new Mat();
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        double s = BlurMeasure.sharpness(grey);
        grey.release();
        return s;
    }

    private GateVerdict verdictOf(Mat image) {
        try (QualityAnalyzer analyzer = new QualityAnalyzer(new FullFrameLocator())) {
            return gate.evaluate(analyzer.analyze(image));
        }
    }

    private static Mat byName(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().image();
    }
}
