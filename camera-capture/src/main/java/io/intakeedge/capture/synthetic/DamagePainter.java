package io.intakeedge.capture.synthetic;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paints damage onto an unrotated parcel face. Sizes scale with the face and the spec's severity, with floors so the
 * damage stays visible after the parcel crop is scaled down to about 64x64 (a 200 px parcel shrinks about 3x).
 */
final class DamagePainter {
    private final Mat face;
    private final Mat faceMask;
    private final double[] colour;
    private final double severity;
    private final SplittableRandom rnd;

    DamagePainter(Mat face, Mat faceMask, double[] colour, double severity, SplittableRandom rnd) {
        this.face = face;
        this.faceMask = faceMask;
        this.colour = colour;
        this.severity = severity;
        this.rnd = rnd;
    }

    void paint(DamageKind kind) {
        switch (kind) {
            case TEAR -> tear();
            case CRUSHED_CORNER -> crushedCorner();
            case HOLE -> holes();
        }
    }

    /** A jagged gash starting at an edge and running inward, dark inside with light torn fibres on its rims. */
    private void tear() {
        int w = face.cols();
        int h = face.rows();
        int side = rnd.nextInt(4);
        Point p = switch (side) {
            case 0 -> new Point(rnd.nextDouble(0.2, 0.8) * w, 0);
            case 1 -> new Point(rnd.nextDouble(0.2, 0.8) * w, h - 1);
            case 2 -> new Point(0, rnd.nextDouble(0.2, 0.8) * h);
            default -> new Point(w - 1, rnd.nextDouble(0.2, 0.8) * h);
        };
        double dir = switch (side) {
            case 0 -> Math.PI / 2;
            case 1 -> -Math.PI / 2;
            case 2 -> 0;
            default -> Math.PI;
        } + rnd.nextDouble(-0.5, 0.5);
        double length = Math.max(w, h) * severity * rnd.nextDouble(0.50, 0.75);
        int segments = 8;
        double maxThick = Math.max(9, severity * rnd.nextDouble(12, 18));
        List<Point> upper = new ArrayList<>();
        List<Point> lower = new ArrayList<>();
        for (int i = 0; i <= segments; i++) {
            double t = i / (double) segments;
            double thick = maxThick * (0.35 + 0.65 * Math.sin(Math.PI * Math.min(0.95, 0.25 + t * 0.75)))
                    * (i == segments ? 0.2 : 1.0);
            double nx = -Math.sin(dir);
            double ny = Math.cos(dir);
            upper.add(new Point(p.x + nx * (thick / 2 + rnd.nextDouble(-1.5, 1.5)),
                    p.y + ny * (thick / 2 + rnd.nextDouble(-1.5, 1.5))));
            lower.add(new Point(p.x - nx * (thick / 2 + rnd.nextDouble(-1.5, 1.5)),
                    p.y - ny * (thick / 2 + rnd.nextDouble(-1.5, 1.5))));
            p = new Point(p.x + Math.cos(dir) * length / segments, p.y + Math.sin(dir) * length / segments);
            dir += rnd.nextDouble(-0.45, 0.45);
        }
        List<Point> outline = new ArrayList<>(upper);
        for (int i = lower.size() - 1; i >= 0; i--) {
            outline.add(lower.get(i));
        }
        Imgproc.fillPoly(face, ParcelRenderer.single(outline), scaled(0.16, 8));
        Scalar fibre = lighter(55);
        Imgproc.polylines(face, List.of(ParcelRenderer.polygon(upper)), false, fibre, 2);
        Imgproc.polylines(face, List.of(ParcelRenderer.polygon(lower)), false, fibre, 2);
    }

    /** A darker dented triangle at one corner with crease lines; the corner tip is pushed in (cut from the mask). */
    private void crushedCorner() {
        int w = face.cols();
        int h = face.rows();
        int corner = rnd.nextInt(4);
        double a = Math.max(40, w * severity * rnd.nextDouble(0.42, 0.60));
        double b = Math.max(34, h * severity * rnd.nextDouble(0.42, 0.60));
        double sx = (corner & 1) == 0 ? 1 : -1;
        double sy = (corner & 2) == 0 ? 1 : -1;
        Point origin = new Point(sx > 0 ? 0 : w - 1, sy > 0 ? 0 : h - 1);
        List<Point> region = new ArrayList<>();
        region.add(origin);
        region.add(new Point(origin.x + sx * a, origin.y));
        List<Point> fold = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            double t = i / 5.0;
            double wobble = rnd.nextDouble(-0.08, 0.12);
            fold.add(new Point(origin.x + sx * a * (1 - t) * (1 + wobble), origin.y + sy * b * t * (1 + wobble)));
        }
        region.addAll(fold);
        region.add(new Point(origin.x, origin.y + sy * b));
        Mat regionMask = Mat.zeros(face.size(), CvType.CV_8UC1);
        Imgproc.fillPoly(regionMask, ParcelRenderer.single(region), Scalar.all(255));
        Mat darker = new Mat();
        face.convertTo(darker, -1, rnd.nextDouble(0.42, 0.55), 0);
        darker.copyTo(face, regionMask);
        for (int i = 0; i < 3; i++) {
            Point from = fold.get(rnd.nextInt(fold.size()));
            Point to = new Point(origin.x + (from.x - origin.x) * rnd.nextDouble(0.15, 0.5),
                    origin.y + (from.y - origin.y) * rnd.nextDouble(0.15, 0.5));
            Imgproc.line(face, from, to, scaled(0.22, 0), 3);
        }
        Imgproc.polylines(face, List.of(ParcelRenderer.polygon(fold)), false, scaled(0.25, 0), 3);
        List<Point> dent = List.of(origin, new Point(origin.x + sx * a * 0.28, origin.y),
                new Point(origin.x, origin.y + sy * b * 0.28));
        Imgproc.fillPoly(faceMask, ParcelRenderer.single(dent), Scalar.all(0));
        darker.release();
        regionMask.release();
    }

    /** One to three punctures: dark ellipses with a lighter torn rim. */
    private void holes() {
        int w = face.cols();
        int h = face.rows();
        int count = rnd.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            Point c = new Point(rnd.nextDouble(0.2, 0.8) * w, rnd.nextDouble(0.2, 0.8) * h);
            Size axes = new Size(Math.max(11, severity * rnd.nextDouble(13, 22)),
                    Math.max(9, severity * rnd.nextDouble(10, 18)));
            double angle = rnd.nextDouble(0, 180);
            Imgproc.ellipse(face, c, new Size(axes.width + 3, axes.height + 3), angle, 0, 360, lighter(45), -1);
            Imgproc.ellipse(face, c, axes, angle, 0, 360, scaled(0.12, 6), -1);
        }
    }

    private Scalar scaled(double factor, double offset) {
        return new Scalar(colour[0] * factor + offset, colour[1] * factor + offset, colour[2] * factor + offset);
    }

    private Scalar lighter(double add) {
        return new Scalar(ParcelRenderer.clamp(colour[0] + add), ParcelRenderer.clamp(colour[1] + add),
                ParcelRenderer.clamp(colour[2] + add));
    }
}
