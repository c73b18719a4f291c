package io.intakeedge.capture.quality;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Sharpness of a grey region as a contrast-normalised Laplacian of Gaussian:
 * {@code s = std(LoG_0.7(grey)) / std(grey)}, both variances less the 8-bit rounding noise floor, measured with the
 * region's longer side capped at {@link #MAX_SIDE} pixels.
 *
 * <p>Why this form (measured on real photographs and the synthetic scene, see the camera-capture README): a global
 * exposure gain scales both standard deviations alike and cancels, so a dark or bright but focused photo keeps its
 * score; capping the size (area averaging) makes a 4000-pixel phone photo and its 640-pixel copy score alike;
 * blurring removes fine detail much faster than overall contrast, so more blur means a lower score. The Gaussian
 * (sigma 0.7) in front of the Laplacian keeps pixel noise from reading as detail: with the bare 3x3 Laplacian, the
 * synthetic scene's sensor noise made blurred parcels look sharp, and half-exposed textures blurred past sigma 4
 * scored sharper than at sigma 3. The rounding floor is the filter's energy times {@code 1/12} (the variance of
 * rounding to integers). The re-blur ratio of Crete-Roffet et al. (2007) was measured too and rejected: noise on a
 * flat background reads as sharp edges to it (a motion-blurred real photo scored sharper than every sharp one).
 */
public final class BlurMeasure {
    /** Regions are area-averaged down to this longer side before measuring; smaller ones are used as they are. */
    public static final int MAX_SIDE = 640;
    /** Scale of the Laplacian of Gaussian: fine enough for a sharp edge, coarse enough to ignore pixel noise. */
    static final double LOG_SIGMA = 0.7;
    private static final double LAPLACIAN_ROUNDING_VARIANCE = kernelEnergy() / 12.0;
    private static final double GREY_ROUNDING_VARIANCE = 1.0 / 12.0;

    private BlurMeasure() {
    }

    /** The sharpness {@code s} of a grey 8-bit region; 0 for a flat one. */
    public static double sharpness(Mat grey) {
        Mat capped = capped(grey);
        Mat lap = logOf(capped);
        double lapVariance = variance(lap) - LAPLACIAN_ROUNDING_VARIANCE;
        double greyVariance = variance(capped) - GREY_ROUNDING_VARIANCE;
        lap.release();
        if (capped != grey) {
            capped.release();
        }
        if (!(greyVariance > 1e-6) || !(lapVariance > 0)) {
            return 0.0;
        }
        return Math.sqrt(lapVariance / greyVariance);
    }

    /** {@code 1 / (1 + (s / k)^2)}: 0..1, higher is blurrier, 0.5 at {@code s = k}. */
    public static double blurScore(double sharpness, double k) {
        double r = sharpness / k;
        return 1.0 / (1.0 + r * r);
    }

    private static Mat logOf(Mat grey) {
        Mat f = new Mat();
        grey.convertTo(f, CvType.CV_32F);
        Imgproc.GaussianBlur(f, f, new Size(0, 0), LOG_SIGMA);
        Mat lap = new Mat();
        Imgproc.Laplacian(f, lap, CvType.CV_32F);
        f.release();
        return lap;
    }

    /** Sum of the squared weights of the filter: white noise of variance v leaves v times this. */
    private static double kernelEnergy() {
        io.intakeedge.capture.OpenCv.load();
        Mat delta = Mat.zeros(33, 33, CvType.CV_8U);
        delta.put(16, 16, 1);
        Mat lap = logOf(delta);
        double energy = lap.dot(lap);
        delta.release();
        lap.release();
        return energy;
    }

    private static Mat capped(Mat grey) {
        int longer = Math.max(grey.cols(), grey.rows());
        if (longer <= MAX_SIDE) {
            return grey;
        }
        double f = MAX_SIDE / (double) longer;
        Mat small = new Mat();
        Imgproc.resize(grey, small, new Size(Math.max(1, Math.round(grey.cols() * f)),
                Math.max(1, Math.round(grey.rows() * f))), 0, 0, Imgproc.INTER_AREA);
        return small;
    }

    private static double variance(Mat m) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Core.meanStdDev(m, mean, std);
        double s = std.get(0, 0)[0];
        mean.release();
        std.release();
        return s * s;
    }
}
