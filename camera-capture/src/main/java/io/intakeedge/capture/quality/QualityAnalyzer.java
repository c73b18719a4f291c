package io.intakeedge.capture.quality;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.locator.BackgroundLocator;
import io.intakeedge.capture.locator.Location;
import io.intakeedge.capture.locator.ParcelLocator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;

import java.util.Objects;

/**
 * Measures one frame before any model runs: where the parcel is (the camera's {@link ParcelLocator}), whether it is
 * complete, how sharp and how well exposed its region is.
 *
 * <p><b>Blur.</b> On the parcel region (the whole frame when no parcel is visible) {@link BlurMeasure} gives a
 * sharpness {@code s} that does not depend on exposure or image size, mapped to
 * {@code blurScore = 1 / (1 + (s / K)^2)} with {@code K = 0.125}: higher is blurrier, and the seeds' {@code max_blur}
 * 0.45 is crossed at {@code s = 0.138}. Calibrated on real photographs and the synthetic scene (camera-capture
 * README, "Quality gate on real photos"): sharp real photos s >= 0.157 and sharp synthetic parcels s >= 0.221;
 * Gaussian-blurred (sigma >= 3) photos s <= 0.091 and blurred synthetic parcels (sigma 3..4.5, noisy) s <= 0.122.
 * {@code laplacianVariance} (raw variance of the 3x3 Laplacian) stays in the metrics: the presentation trigger
 * compares it between frames of one parcel.
 *
 * <p>Not thread-safe: the locator may keep per-camera state; use one analyzer per camera.
 */
public final class QualityAnalyzer implements AutoCloseable {

    /** @param blurK the K of {@code blurScore = 1 / (1 + (s / K)^2)} */
    public record Settings(double blurK) {
        public static final Settings DEFAULTS = new Settings(0.125);

        public Settings {
            if (!(blurK > 0) || Double.isInfinite(blurK)) {
                throw new IllegalArgumentException("invalid quality analyzer settings: " + this);
            }
        }
    }

    private static final int UNDER_EXPOSED_LUMA = 10;
    private static final int OVER_EXPOSED_LUMA = 245;

    private final Settings settings;
    private final ParcelLocator locator;

    /** A fixed station camera: the {@link BackgroundLocator} with default settings. */
    public QualityAnalyzer() {
        this(new BackgroundLocator());
    }

    public QualityAnalyzer(ParcelLocator locator) {
        this(locator, Settings.DEFAULTS);
    }

    /** Takes ownership of {@code locator} (closed with this analyzer). */
    public QualityAnalyzer(ParcelLocator locator, Settings settings) {
        OpenCv.load();
        this.locator = Objects.requireNonNull(locator, "locator");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    public ParcelLocator locator() {
        return locator;
    }

    public QualityMetrics analyze(Frame frame) {
        if (frame == null) {
            throw new IllegalArgumentException("frame is null");
        }
        try {
            return analyze(frame.image());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("frame " + frame.index() + " from " + frame.origin() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Measures a BGR 8-bit image; the locator may learn from it (background of a fixed camera). */
    public QualityMetrics analyze(Mat image) {
        requireBgr(image);
        Location where = locator.locate(image);
        Rect region = where.box().map(Box::toRect).orElse(new Rect(0, 0, image.cols(), image.rows()));
        return measure(image, region, where);
    }

    /** The documented blur mapping of a {@link BlurMeasure} sharpness: 0..1, higher is blurrier. */
    public double blurScore(double sharpness) {
        return BlurMeasure.blurScore(sharpness, settings.blurK());
    }

    private QualityMetrics measure(Mat image, Rect region, Location where) {
        Mat roi = image.submat(region);
        Mat grey = new Mat();
        Imgproc.cvtColor(roi, grey, Imgproc.COLOR_BGR2GRAY);
        Mat lap = new Mat();
        Imgproc.Laplacian(grey, lap, CvType.CV_16S);
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Core.meanStdDev(lap, mean, std);
        double lapVar = Math.pow(std.get(0, 0)[0], 2);
        double sharpness = BlurMeasure.sharpness(grey);
        double meanLuma = Core.mean(grey).val[0];
        double pixels = grey.rows() * (double) grey.cols();
        Mat bright = new Mat();
        Imgproc.threshold(grey, bright, OVER_EXPOSED_LUMA - 1, 255, Imgproc.THRESH_BINARY);
        double over = Core.countNonZero(bright) / pixels;
        Imgproc.threshold(grey, bright, UNDER_EXPOSED_LUMA, 255, Imgproc.THRESH_BINARY_INV);
        double under = Core.countNonZero(bright) / pixels;
        for (Mat m : new Mat[] {roi, grey, lap, mean, std, bright}) {
            m.release();
        }
        return new QualityMetrics(blurScore(sharpness), lapVar, meanLuma / 255.0, under, over, where.visible(),
                where.complete(), where.box(), locator.name(), where.fault());
    }

    static void requireBgr(Mat image) {
        if (image == null) {
            throw new IllegalArgumentException("image is null");
        }
        if (image.empty() || image.rows() == 0 || image.cols() == 0) {
            throw new IllegalArgumentException("image is empty (zero size): nothing to analyse");
        }
        if (image.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("image must be BGR 8-bit with 3 channels (CV_8UC3), got "
                    + CvType.typeToString(image.type()) + " " + image.cols() + "x" + image.rows());
        }
        if (image.rows() < 16 || image.cols() < 16) {
            throw new IllegalArgumentException("image " + image.cols() + "x" + image.rows()
                    + " is too small to analyse (minimum 16x16)");
        }
    }

    @Override
    public void close() {
        locator.close();
    }
}
