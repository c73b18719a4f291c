package io.intakeedge.capture.locator;

import io.intakeedge.capture.Box;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fixed station camera: the parcel is what differs from the learned empty station.
 *
 * <p>The frame is shrunk by {@code Settings.downscale} (area averaging also averages sensor noise away), its global
 * gain against the background is divided out, and pixels whose largest channel difference exceeds
 * {@code diffThreshold} are foreground; opening and closing clean the mask, the largest contour is the parcel.
 * Visible when its area is at least {@code minParcelFraction} of the frame; complete when its box does not touch the
 * frame border. The background starts as the first frame without a parcel (until then: the median colour of the
 * frame's outer ring) and then follows slow lighting changes wherever no parcel covers it.
 *
 * <p>A fixed camera does not change its frame size. When it does (a reconfigured or swapped camera), the learned
 * station no longer applies: every such frame is answered with a {@code frame_size_changed} fault, counted and
 * logged, and the background is kept for frames of the learned size. Relearning would silently make the verdict
 * depend on which frames came before; restart the agent after changing the camera's resolution.
 */
public final class BackgroundLocator implements ParcelLocator {
    public static final String NAME = "background";
    /** Fault reason prefix of a frame whose size differs from the learned station's. */
    public static final String FRAME_SIZE_CHANGED = "frame_size_changed";
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLocator.class);

    /**
     * @param downscale         analysis resolution divisor (4: 640x480 becomes 160x120)
     * @param diffThreshold     per-channel difference (0..255, after gain normalisation) that counts as foreground
     * @param minParcelFraction smallest parcel area, as a fraction of the frame, that counts as visible
     * @param adaptRate         running-average rate of the background where no parcel covers it
     */
    public record Settings(int downscale, double diffThreshold, double minParcelFraction, double adaptRate) {
        public static final Settings DEFAULTS = new Settings(4, 28.0, 0.015, 0.05);

        public Settings {
            if (downscale < 1 || diffThreshold <= 0 || minParcelFraction <= 0 || minParcelFraction >= 1
                    || adaptRate < 0 || adaptRate > 1) {
                throw new IllegalArgumentException("invalid background locator settings: " + this);
            }
        }
    }

    private final Settings settings;
    private final BackgroundModel background = new BackgroundModel();
    private final Mat openKernel = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3));
    private final Mat closeKernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(7, 7));
    private Size learnedFullSize;
    private Size warnedSize;
    private volatile long faults; // written by the capture thread only, read by the status page

    public BackgroundLocator() {
        this(Settings.DEFAULTS);
    }

    public BackgroundLocator(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** True once an empty-station frame has been learned (explicitly or from a frame without a parcel). */
    public boolean hasBackground() {
        return background.learned();
    }

    /** Learns {@code emptyStation} (BGR 8-bit, no parcel in view) as the background, replacing the old one. */
    public void learn(Mat emptyStation) {
        Mat small = shrink(emptyStation);
        background.reset(small);
        learnedFullSize = emptyStation.size();
        small.release();
    }

    @Override
    public Location locate(Mat image) {
        if (learnedFullSize != null && !learnedFullSize.equals(image.size())) {
            return sizeFault(image.size());
        }
        Mat small = shrink(image);
        try {
            Optional<Rect> parcel = findParcel(small, image.size());
            if (parcel.isEmpty()) {
                return Location.none();
            }
            return Location.found(toFullResolution(parcel.get(), image), !touchesBorder(parcel.get(), small));
        } finally {
            small.release();
        }
    }

    @Override
    public long faults() {
        return faults;
    }

    private Location sizeFault(Size size) {
        faults++;
        String reason = FRAME_SIZE_CHANGED + ": the station was learned at " + (int) learnedFullSize.width + "x"
                + (int) learnedFullSize.height + ", this frame is " + (int) size.width + "x" + (int) size.height;
        if (!size.equals(warnedSize)) {
            warnedSize = size;
            LOG.warn("camera fault: {} (every such frame is rejected; restart after changing the resolution)",
                    reason);
        }
        return Location.fault(reason);
    }

    private Optional<Rect> findParcel(Mat small, Size fullSize) {
        boolean provisional = !background.learned();
        BackgroundModel model = background;
        BackgroundModel flat = null;
        if (provisional) {
            flat = new BackgroundModel();
            Mat flatImage = BackgroundModel.flatFromBorder(small);
            flat.reset(flatImage);
            flatImage.release();
            model = flat;
        }
        Mat grey = new Mat();
        Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
        double gain = model.gainOf(grey);
        grey.release();
        Mat normalised = new Mat();
        small.convertTo(normalised, CvType.CV_32FC3, 1.0 / gain);
        Mat mask = model.foreground(normalised, settings.diffThreshold());
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, openKernel);
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, closeKernel);
        Optional<Rect> parcel = largestRegion(mask, small);
        if (provisional && parcel.isEmpty()) {
            background.reset(small);
            learnedFullSize = fullSize;
        } else if (!provisional && gain > 0.7 && gain < 1.4 && settings.adaptRate() > 0) {
            // dark frames are too noisy after normalisation to teach the background anything
            Imgproc.dilate(mask, mask, closeKernel);
            background.update(normalised, settings.adaptRate(), mask);
        }
        if (flat != null) {
            flat.close();
        }
        mask.release();
        normalised.release();
        return parcel;
    }

    private Optional<Rect> largestRegion(Mat mask, Mat small) {
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        Imgproc.findContours(mask, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
        hierarchy.release();
        MatOfPoint best = null;
        double bestArea = 0;
        for (MatOfPoint c : contours) {
            double area = Imgproc.contourArea(c);
            if (area > bestArea) {
                bestArea = area;
                best = c;
            }
        }
        Optional<Rect> result = Optional.empty();
        if (best != null && bestArea >= settings.minParcelFraction() * small.rows() * small.cols()) {
            result = Optional.of(Imgproc.boundingRect(best));
        }
        contours.forEach(Mat::release);
        return result;
    }

    private Mat shrink(Mat image) {
        int d = settings.downscale();
        if (d > 1 && Integer.bitCount(d) == 1 && image.cols() % d == 0 && image.rows() % d == 0) {
            // Halving with bilinear interpolation averages exact 2x2 blocks, so repeated halving gives the same
            // box average as INTER_AREA at a seventh of the cost (0.07 vs 0.5 ms at 640x480, measured): this
            // runs on every frame, in front of the model.
            Mat current = image;
            for (int f = d; f > 1; f /= 2) {
                Mat half = new Mat();
                Imgproc.resize(current, half, new Size(current.cols() / 2.0, current.rows() / 2.0), 0, 0,
                        Imgproc.INTER_LINEAR);
                if (current != image) {
                    current.release();
                }
                current = half;
            }
            return current;
        }
        Mat small = new Mat();
        Imgproc.resize(image, small, new Size(Math.max(1, image.cols() / d), Math.max(1, image.rows() / d)), 0, 0,
                Imgproc.INTER_AREA);
        return small;
    }

    private static boolean touchesBorder(Rect r, Mat small) {
        return r.x <= 0 || r.y <= 0 || r.x + r.width >= small.cols() || r.y + r.height >= small.rows();
    }

    private Box toFullResolution(Rect r, Mat image) {
        double sx = image.cols() / (double) (image.cols() / settings.downscale());
        double sy = image.rows() / (double) (image.rows() / settings.downscale());
        int x = (int) Math.floor(r.x * sx);
        int y = (int) Math.floor(r.y * sy);
        int right = Math.min(image.cols(), (int) Math.ceil((r.x + r.width) * sx));
        int bottom = Math.min(image.rows(), (int) Math.ceil((r.y + r.height) * sy));
        return new Box(x, y, right - x, bottom - y);
    }

    @Override
    public void close() {
        background.close();
        openKernel.release();
        closeKernel.release();
    }
}
