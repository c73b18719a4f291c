package io.intakeedge.capture.presentation;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

import java.nio.file.Path;

/**
 * Writes the issue-9 reproduction video with OpenCV's own {@code VideoWriter} (MJPG fourcc): a textured empty
 * station, then {@code objects} different objects shown {@code framesEach} frames each, one after the other (a
 * hand swaps them, the station is never empty in between), optionally with {@code gapFrames} empty frames between.
 */
public final class ObjectVideo {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;

    /** BGR, all far from the grey floor so the background locator sees every object. */
    private static final Scalar[] COLOURS = {
        new Scalar(40, 90, 200), new Scalar(200, 60, 40), new Scalar(40, 180, 60), new Scalar(30, 200, 220),
        new Scalar(180, 40, 180), new Scalar(230, 200, 60), new Scalar(20, 40, 90), new Scalar(90, 140, 250),
        new Scalar(250, 250, 250), new Scalar(60, 60, 20), new Scalar(140, 20, 100), new Scalar(20, 120, 140)};

    private ObjectVideo() {
    }

    public static Path write(Path file, double fps, int objects, int framesEach, int leadFrames, int gapFrames) {
        OpenCv.load();
        VideoWriter writer = new VideoWriter(file.toString(), Videoio.CAP_OPENCV_MJPEG,
                VideoWriter.fourcc('M', 'J', 'P', 'G'), fps, new Size(WIDTH, HEIGHT), true);
        if (!writer.isOpened()) {
            throw new IllegalStateException("OpenCV cannot write " + file);
        }
        try {
            Mat empty = station();
            for (int i = 0; i < leadFrames; i++) {
                writer.write(empty);
            }
            for (int k = 0; k < objects; k++) {
                Mat shown = withObject(empty, k);
                for (int i = 0; i < framesEach; i++) {
                    writer.write(shown);
                }
                shown.release();
                for (int i = 0; i < gapFrames; i++) {
                    writer.write(empty);
                }
            }
            empty.release();
        } finally {
            writer.release();
        }
        return file;
    }

    /** A grey floor with a faint grid, like a station mat. */
    private static Mat station() {
        Mat m = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3, new Scalar(118, 122, 126));
        for (int x = 0; x < WIDTH; x += 40) {
            Imgproc.line(m, new Point(x, 0), new Point(x, HEIGHT), new Scalar(108, 112, 116), 1);
        }
        for (int y = 0; y < HEIGHT; y += 40) {
            Imgproc.line(m, new Point(0, y), new Point(WIDTH, y), new Scalar(108, 112, 116), 1);
        }
        return m;
    }

    /** Object k: its own size, position, colour and print, well inside the frame. */
    private static Mat withObject(Mat empty, int k) {
        Mat m = empty.clone();
        int w = 180 + 17 * (k % 5);
        int h = 140 + 13 * (k % 4);
        int x = 200 + 9 * (k % 3) - w / 4;
        int y = 150 + 7 * (k % 2) - h / 4;
        Scalar colour = COLOURS[k % COLOURS.length];
        Imgproc.rectangle(m, new Point(x, y), new Point(x + w, y + h), colour, -1);
        Scalar ink = new Scalar(20, 20, 20);
        for (int i = 0; i < 6 + k; i++) { // the print on the box: sharp edges for the blur measure
            int yy = y + 10 + i * (h - 20) / (6 + k);
            Imgproc.line(m, new Point(x + 12, yy), new Point(x + w - 12 - 5 * (i % 4), yy), ink, 2);
        }
        Imgproc.putText(m, "OBJ " + k, new Point(x + 20, y + h / 2), Imgproc.FONT_HERSHEY_SIMPLEX, 1.2,
                new Scalar(240, 240, 240), 3);
        return m;
    }
}
