package io.intakeedge.quantization.runtime;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/** Turns a detected parcel box into the frame region the model sees: margin, clamping, optional centre crop. */
final class RegionOfInterest {
    private RegionOfInterest() {
    }

    /**
     * The region of {@code frame} to resize into the tensor.
     *
     * @throws InferenceException when the frame is not 8-bit BGR or the region falls outside it
     */
    static Rect fit(Mat frame, Rect roi, PreprocessSpec spec) throws InferenceException {
        if (frame == null || frame.empty() || frame.type() != CvType.CV_8UC3) {
            throw new InferenceException("frame must be a non-empty 8-bit BGR image, was "
                    + (frame == null ? "null" : frame.empty() ? "empty" : CvType.typeToString(frame.type())));
        }
        if (roi == null || roi.width <= 0 || roi.height <= 0) {
            throw new InferenceException("region of interest is empty: " + roi);
        }
        // whole pixels, same on both sides (0.1f × 180 is 18.0000003, which must not widen the crop to 218)
        int mx = (int) Math.round(roi.width * (double) spec.roiMargin());
        int my = (int) Math.round(roi.height * (double) spec.roiMargin());
        int x0 = clamp(roi.x - mx, frame.cols());
        int y0 = clamp(roi.y - my, frame.rows());
        int x1 = clamp(roi.x + roi.width + mx, frame.cols());
        int y1 = clamp(roi.y + roi.height + my, frame.rows());
        if (x1 <= x0 || y1 <= y0) {
            throw new InferenceException("region of interest " + roi + " lies outside the " + frame.cols() + "x"
                    + frame.rows() + " frame");
        }
        Rect region = new Rect(x0, y0, x1 - x0, y1 - y0);
        return spec.resizeMode() == PreprocessSpec.ResizeMode.CENTER_CROP ? centerCrop(region, spec) : region;
    }

    private static Rect centerCrop(Rect r, PreprocessSpec spec) {
        double target = spec.width() / (double) spec.height();
        if (r.width / (double) r.height > target) {
            int w = Math.max(1, (int) Math.round(r.height * target));
            return new Rect(r.x + (r.width - w) / 2, r.y, w, r.height);
        }
        int h = Math.max(1, (int) Math.round(r.width / target));
        return new Rect(r.x, r.y + (r.height - h) / 2, r.width, h);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
