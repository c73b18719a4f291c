package io.intakeedge.capture.quality;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.locator.BackgroundLocator;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blur measure on the synthetic scene (sensor noise included): every sharp still parcel passes the seeds'
 * max_blur, every Gaussian-blurred one (sigma 3..4.5) fails it, measured on the parcel's true box and on the box the
 * background locator finds. Prints the sharpness ranges quoted in the camera-capture README.
 */
class SyntheticBlurCalibrationTest {
    private static final int PARCELS = 60;

    @Test
    void sharpAndBlurredParcelsFallOnTheirSideOfTheGate() {
        double[] sharp = {Double.MAX_VALUE, 0};
        double[] blurred = {Double.MAX_VALUE, 0};
        int sharpCount = 0;
        int blurredCount = 0;
        java.util.List<String> wrong = new java.util.ArrayList<>();
        double maxBlur = GateThresholds.SEED_DEFAULTS.maxBlur();
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(11)
                .withMaxParcels(PARCELS))) {
            BackgroundLocator locator = new BackgroundLocator();
            try (Frame empty = scene.frameAt(0); QualityAnalyzer analyzer = new QualityAnalyzer(locator)) {
                locator.learn(empty.image());
                for (int p = 0; p < PARCELS; p++) {
                    long still = scene.middleStillFrame(p);
                    ParcelTruth truth = scene.truthOf(still).orElseThrow();
                    boolean isBlurred = truth.condition() == Condition.BLURRED;
                    if (truth.condition() != Condition.USABLE && !isBlurred) {
                        continue;
                    }
                    try (Frame f = scene.frameAt(still)) {
                        double s = sharpnessIn(f.image().submat(truth.box().toRect()));
                        double located = analyzer.analyze(f).blurScore();
                        double[] range = isBlurred ? blurred : sharp;
                        range[0] = Math.min(range[0], s);
                        range[1] = Math.max(range[1], s);
                        if (isBlurred) {
                            blurredCount++;
                            if (!(analyzer.blurScore(s) > maxBlur && located > maxBlur)) {
                                wrong.add("blurred parcel " + p + ": " + s + " / " + located);
                            }
                        } else {
                            sharpCount++;
                            if (!(analyzer.blurScore(s) < maxBlur && located < maxBlur)) {
                                wrong.add("sharp parcel " + p + ": " + s + " / " + located);
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("synthetic scene (seed 11, %d parcels): sharp parcels sharpness %.3f..%.3f (n=%d), "
                + "blurred sharpness %.3f..%.3f (n=%d)%n", PARCELS, sharp[0], sharp[1], sharpCount, blurred[0],
                blurred[1], blurredCount);
        assertThat(wrong).isEmpty();
        assertThat(sharpCount).isGreaterThan(10);
        assertThat(blurredCount).isGreaterThan(3);
    }

    private static double sharpnessIn(Mat bgr) {
        Mat grey = new Mat();
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        double s = BlurMeasure.sharpness(grey);
        grey.release();
        return s;
    }
}
