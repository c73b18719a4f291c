package io.intakeedge.capture.synthetic;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one cardboard parcel (top face with tape, labels, grain and shading; damage when the spec says so) and
 * rotates it into a {@link ParcelSprite}. Rendering happens once per parcel; frames only compose the sprite.
 * Damage is drawn large and dark enough to stay visible when the parcel is scaled down to about 64x64.
 */
public final class ParcelRenderer {

    /** Cardboard tones (BGR): kraft light to dark, recycled grey, white-coated. */
    private static final double[][] CARDBOARD = {
        {95, 150, 195}, {120, 170, 205}, {80, 128, 172}, {66, 108, 155}, {150, 165, 175}, {184, 190, 196}
    };

    public ParcelRenderer() {
        OpenCv.load();
    }

    public ParcelSprite render(ParcelSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.renderSeed());
        int w = spec.faceWidth();
        int h = spec.faceHeight();
        double[] colour = cardboard(rnd);
        Mat face = new Mat(h, w, CvType.CV_8UC3);
        Mat faceMask = new Mat(h, w, CvType.CV_8UC1, new Scalar(255));
        try {
            paintBase(face, colour, rnd);
            paintTape(face, colour, rnd);
            paintLabels(face, rnd);
            DamagePainter damage = new DamagePainter(face, faceMask, colour, spec.severity(), rnd);
            for (DamageKind kind : spec.damage()) {
                damage.paint(kind);
            }
            return rotate(face, faceMask, spec);
        } finally {
            face.release();
            faceMask.release();
        }
    }

    private static double[] cardboard(SplittableRandom rnd) {
        double[] base = CARDBOARD[rnd.nextInt(CARDBOARD.length)];
        double tint = rnd.nextDouble(0.92, 1.06);
        return new double[] {base[0] * tint + rnd.nextDouble(-6, 6), base[1] * tint + rnd.nextDouble(-6, 6),
            base[2] * tint + rnd.nextDouble(-6, 6)};
    }

    /** Base colour with a lighting gradient, fine grain and a darker rim (the box's edges). */
    private static void paintBase(Mat face, double[] colour, SplittableRandom rnd) {
        int w = face.cols();
        int h = face.rows();
        byte[] px = new byte[w * h * 3];
        double gx = rnd.nextDouble(-0.10, 0.10);
        double gy = rnd.nextDouble(-0.10, 0.10);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double shade = 1.0 + gx * (x / (double) w - 0.5) * 2 + gy * (y / (double) h - 0.5) * 2;
                int edge = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y));
                if (edge < 3) {
                    shade *= 0.78 + 0.06 * edge;
                }
                double grain = rnd.nextInt(-5, 6);
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[i + c] = (byte) clamp(colour[c] * shade + grain);
                }
            }
        }
        face.put(0, 0, px);
    }

    /** Packing tape along the long axis with the flap seam under it. */
    private static void paintTape(Mat face, double[] colour, SplittableRandom rnd) {
        int w = face.cols();
        int h = face.rows();
        boolean alongX = w >= h;
        int band = rnd.nextInt(14, 25);
        int centre = (alongX ? h : w) / 2 + rnd.nextInt(-4, 5);
        Rect tape = alongX ? new Rect(0, centre - band / 2, w, band) : new Rect(centre - band / 2, 0, band, h);
        Mat roi = face.submat(tape);
        int style = rnd.nextInt(3);
        Scalar tapeColour = switch (style) {
            case 0 -> new Scalar(colour[0] * 0.85 + 30, colour[1] * 0.85 + 30, colour[2] * 0.85 + 30); // brown tape
            case 1 -> new Scalar(colour[0] + 18, colour[1] + 18, colour[2] + 18); // clear tape, shiny
            default -> new Scalar(228, 232, 235); // white paper tape
        };
        Mat overlay = new Mat(roi.size(), roi.type(), tapeColour);
        Core.addWeighted(roi, 0.35, overlay, 0.65, 0, roi);
        overlay.release();
        Scalar seam = new Scalar(colour[0] * 0.6, colour[1] * 0.6, colour[2] * 0.6);
        Point a = alongX ? new Point(0, centre) : new Point(centre, 0);
        Point b = alongX ? new Point(w - 1, centre) : new Point(centre, h - 1);
        Imgproc.line(face, a, b, seam, 1);
        roi.release();
    }

    /** One or two white shipping labels with text lines and a barcode. */
    private static void paintLabels(Mat face, SplittableRandom rnd) {
        int labels = rnd.nextDouble() < 0.7 ? 1 : 2;
        for (int n = 0; n < labels; n++) {
            int lw = (int) (face.cols() * rnd.nextDouble(0.28, 0.42));
            int lh = (int) (face.rows() * rnd.nextDouble(0.22, 0.34));
            int x = rnd.nextInt(6, Math.max(7, face.cols() - lw - 6));
            int y = rnd.nextInt(6, Math.max(7, face.rows() - lh - 6));
            int white = rnd.nextInt(212, 233);
            Imgproc.rectangle(face, new Rect(x, y, lw, lh), new Scalar(white, white, white + 3),
                    -1);
            Scalar ink = new Scalar(30, 30, 30);
            int lineY = y + 4;
            while (lineY < y + lh * 0.55) {
                int len = (int) (lw * rnd.nextDouble(0.35, 0.85));
                Imgproc.rectangle(face, new Point(x + 4, lineY), new Point(x + 4 + len, lineY + 1), ink, -1);
                lineY += rnd.nextInt(4, 7);
            }
            int bx = x + 4;
            int barTop = (int) (y + lh * 0.62);
            while (bx < x + lw - 6) {
                int bar = rnd.nextInt(1, 3);
                Imgproc.rectangle(face, new Point(bx, barTop), new Point(bx + bar - 1, y + lh - 4), ink, -1);
                bx += bar + rnd.nextInt(1, 4);
            }
        }
    }

    /** Width and height of the sprite {@link #render} makes for this spec, without rendering it. */
    public static Size spriteSize(ParcelSpec spec) {
        double rad = Math.toRadians(spec.angleDeg());
        double cos = Math.abs(Math.cos(rad));
        double sin = Math.abs(Math.sin(rad));
        return new Size(Math.ceil(spec.faceWidth() * cos + spec.faceHeight() * sin),
                Math.ceil(spec.faceWidth() * sin + spec.faceHeight() * cos));
    }

    private static ParcelSprite rotate(Mat face, Mat faceMask, ParcelSpec spec) {
        double angleDeg = spec.angleDeg();
        Size size = spriteSize(spec);
        int cw = (int) size.width;
        int ch = (int) size.height;
        Mat m = Imgproc.getRotationMatrix2D(new Point(face.cols() / 2.0, face.rows() / 2.0), angleDeg, 1.0);
        m.put(0, 2, m.get(0, 2)[0] + (cw - face.cols()) / 2.0);
        m.put(1, 2, m.get(1, 2)[0] + (ch - face.rows()) / 2.0);
        Mat image = new Mat();
        Mat mask = new Mat();
        // replicate the border so anti-aliased edge pixels keep the parcel's colour instead of fading to black
        Imgproc.warpAffine(face, image, m, new Size(cw, ch), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        Imgproc.warpAffine(faceMask, mask, m, new Size(cw, ch), Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT,
                Scalar.all(0));
        m.release();
        return new ParcelSprite(image, mask);
    }

    static double clamp(double v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    static MatOfPoint polygon(List<Point> points) {
        MatOfPoint poly = new MatOfPoint();
        poly.fromList(points);
        return poly;
    }

    static List<MatOfPoint> single(List<Point> points) {
        List<MatOfPoint> list = new ArrayList<>(1);
        list.add(polygon(points));
        return list;
    }
}
