package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * What a parcel looks like, coarsely: its box and an 8x8 colour thumbnail of the box region. Enough to tell that the
 * parcel in view was replaced by another one without the station ever looking empty (a hand swaps them), which the
 * box alone misses when the new parcel lands where the old one stood.
 *
 * @param box       the parcel box
 * @param thumbnail 8x8x3 values 0..255 (BGR), the box region shrunk by area averaging
 */
record ParcelSignature(Box box, double[] thumbnail) {
    private static final int SIDE = 8;

    static ParcelSignature of(Frame frame, Box box) {
        Mat image = frame.image();
        Rect r = clip(box.toRect(), image.cols(), image.rows());
        Mat small = new Mat();
        Mat region = image.submat(r);
        try {
            Imgproc.resize(region, small, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
            byte[] bytes = new byte[SIDE * SIDE * 3];
            small.get(0, 0, bytes);
            double[] values = new double[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = bytes[i] & 0xff;
            }
            return new ParcelSignature(box, values);
        } finally {
            region.release();
            small.release();
        }
    }

    /** Mean absolute thumbnail difference, 0..255. JPEG noise on a still parcel stays around 1-3. */
    double distance(ParcelSignature other) {
        double sum = 0;
        for (int i = 0; i < thumbnail.length; i++) {
            sum += Math.abs(thumbnail[i] - other.thumbnail[i]);
        }
        return sum / thumbnail.length;
    }

    /** Intersection over union of the two boxes, 0..1. */
    double overlap(ParcelSignature other) {
        Box a = box;
        Box b = other.box;
        long ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        long iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        double inter = (double) ix * iy;
        double union = (double) a.width() * a.height() + (double) b.width() * b.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static Rect clip(Rect r, int cols, int rows) {
        int x = Math.max(0, Math.min(r.x, cols - 1));
        int y = Math.max(0, Math.min(r.y, rows - 1));
        int w = Math.max(1, Math.min(r.width, cols - x));
        int h = Math.max(1, Math.min(r.height, rows - y));
        return new Rect(x, y, w, h);
    }
}
