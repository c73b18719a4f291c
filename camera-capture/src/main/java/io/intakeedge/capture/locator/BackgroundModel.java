package io.intakeedge.capture.locator;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

/**
 * The empty station at analysis resolution, stored gain-normalised as float BGR. Foreground is what differs from
 * it after the frame's global gain (lighting change, auto-exposure, a failing lamp) has been divided out, so a dark
 * frame still shows its parcel and a lighting drift does not look like a parcel.
 */
final class BackgroundModel implements AutoCloseable {
    private static final int RATIO_BINS = 400;
    private static final double RATIO_MAX = 4.0;

    private static final int GAIN_STRIDE = 3;

    private Mat mean; // CV_32FC3, null until learned
    private byte[] frameBuffer = new byte[0];
    private float[] modelBuffer = new float[0];
    private Mat meanGrey; // CV_32FC1

    boolean learned() {
        return mean != null;
    }

    /** Replaces the model by this frame (assumed empty). */
    void reset(Mat small) {
        release();
        mean = new Mat();
        small.convertTo(mean, CvType.CV_32FC3);
        refreshGrey();
    }

    /** Running average towards {@code normalised} where {@code cover} is 0 (pixels not covered by a parcel). */
    void update(Mat normalised, double rate, Mat cover) {
        Mat free = new Mat();
        Core.bitwise_not(cover, free);
        Imgproc.accumulateWeighted(normalised, mean, rate, free);
        free.release();
        refreshGrey();
    }

    /**
     * Global gain of {@code smallGrey} against the model: the median per-pixel ratio. A parcel covers well under
     * half the frame, so the median is the belt's brightness change.
     */
    double gainOf(Mat smallGrey) {
        int n = smallGrey.rows() * smallGrey.cols();
        if (frameBuffer.length != n) {
            frameBuffer = new byte[n];
            modelBuffer = new float[n];
        }
        byte[] frame = frameBuffer;
        float[] model = modelBuffer;
        smallGrey.get(0, 0, frame);
        meanGrey.get(0, 0, model);
        int[] hist = new int[RATIO_BINS];
        int counted = 0;
        // every third pixel is plenty for a median over ~19k pixels, and this runs on every frame in Java
        for (int i = 0; i < n; i += GAIN_STRIDE) {
            if (model[i] >= 8f) {
                float ratio = (frame[i] & 0xFF) / model[i];
                hist[(int) Math.min(RATIO_BINS - 1, ratio * (RATIO_BINS / RATIO_MAX))]++;
                counted++;
            }
        }
        if (counted == 0) {
            return 1.0;
        }
        int seen = 0;
        for (int b = 0; b < RATIO_BINS; b++) {
            seen += hist[b];
            if (seen * 2 >= counted) {
                return Math.max(0.02, (b + 0.5) * RATIO_MAX / RATIO_BINS);
            }
        }
        return 1.0;
    }

    /** 255 where any channel of the gain-normalised frame differs from the model by more than {@code threshold}. */
    Mat foreground(Mat normalised, double threshold) {
        Mat diff = new Mat();
        Core.absdiff(normalised, mean, diff);
        List<Mat> channels = new ArrayList<>(3);
        Core.split(diff, channels);
        Mat max = channels.get(0);
        Core.max(max, channels.get(1), max);
        Core.max(max, channels.get(2), max);
        Mat mask = new Mat();
        Imgproc.threshold(max, mask, threshold, 255, Imgproc.THRESH_BINARY);
        mask.convertTo(mask, CvType.CV_8U);
        for (Mat c : channels) {
            c.release();
        }
        diff.release();
        return mask;
    }

    /** A flat model from the median colour of the frame's outer ring: the best guess when no empty frame was seen. */
    static Mat flatFromBorder(Mat small) {
        int ring = Math.max(1, Math.min(small.rows(), small.cols()) / 20);
        Mat border = new Mat(small.size(), CvType.CV_8UC1, Scalar.all(255));
        Imgproc.rectangle(border, new org.opencv.core.Point(ring, ring),
                new org.opencv.core.Point(small.cols() - 1 - ring, small.rows() - 1 - ring), Scalar.all(0), -1);
        double[] median = new double[3];
        byte[] px = new byte[small.rows() * small.cols() * 3];
        byte[] m = new byte[small.rows() * small.cols()];
        small.get(0, 0, px);
        border.get(0, 0, m);
        for (int c = 0; c < 3; c++) {
            int[] hist = new int[256];
            int count = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] != 0) {
                    hist[px[i * 3 + c] & 0xFF]++;
                    count++;
                }
            }
            int seen = 0;
            for (int v = 0; v < 256; v++) {
                seen += hist[v];
                if (seen * 2 >= count) {
                    median[c] = v;
                    break;
                }
            }
        }
        border.release();
        return new Mat(small.size(), CvType.CV_8UC3, new Scalar(median));
    }

    private void refreshGrey() {
        if (meanGrey == null) {
            meanGrey = new Mat();
        }
        Imgproc.cvtColor(mean, meanGrey, Imgproc.COLOR_BGR2GRAY);
    }

    private void release() {
        if (mean != null) {
            mean.release();
            meanGrey.release();
            mean = null;
            meanGrey = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
