package io.intakeedge.capture.quality;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real photographs under {@code src/test/resources/photos} (scikit-image sample data, see the README there) and
 * the degraded variants the tests make of them.
 */
final class RealPhotos {
    /** A real photograph that is motion-blurred as taken (scikit-image's {@code clock_motion}). */
    static final String MOTION_BLURRED = "clock_motion.png";

    private RealPhotos() {
    }

    record Photo(String name, Mat image) {
    }

    /** Every fixture photo, decoded to BGR, in name order. */
    static List<Photo> all() {
        OpenCv.load();
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.toString().endsWith(".png") || f.toString().endsWith(".jpg")).sorted()
                    .map(f -> new Photo(f.getFileName().toString(), read(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The photos that are sharp as taken. */
    static List<Photo> sharp() {
        return all().stream().filter(p -> !p.name().equals(MOTION_BLURRED)).toList();
    }

    static Mat blurred(Mat image, double sigma) {
        Mat out = new Mat();
        if (sigma <= 0) {
            image.copyTo(out);
        } else {
            Imgproc.GaussianBlur(image, out, new Size(0, 0), sigma);
        }
        return out;
    }

    /** {@code image * gain}, rounded and clipped to 8 bits like a camera's exposure change. */
    static Mat scaled(Mat image, double gain) {
        Mat out = new Mat();
        image.convertTo(out, -1, gain, 0);
        return out;
    }

    static Mat resized(Mat image, double factor) {
        Mat out = new Mat();
        Imgproc.resize(image, out, new Size(Math.round(image.cols() * factor), Math.round(image.rows() * factor)),
                0, 0, factor < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC);
        return out;
    }

    private static Mat read(Path file) {
        Mat image = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        if (image.empty()) {
            throw new IllegalStateException("fixture photo " + file + " does not decode");
        }
        return image;
    }

    private static Path folder() {
        try {
            return Path.of(RealPhotos.class.getResource("/photos").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
