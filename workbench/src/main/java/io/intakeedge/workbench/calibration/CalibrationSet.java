package io.intakeedge.workbench.calibration;

import io.intakeedge.agent.calibration.CalibrationImage;
import io.intakeedge.agent.calibration.CalibrationManifest;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JPEG and PNG images under a directory (recursive, sorted by relative path so runs are repeatable), with the
 * region and camera of each from the directory's {@link CalibrationManifest} when it has one. Without a manifest the
 * whole image is the region and the camera comes from a file name of the form {@code <camera>__<anything>.jpg}.
 */
public final class CalibrationSet {
    /** Separates the camera id from the rest of a file name, e.g. {@code dock3-left__0001.jpg}. */
    public static final String CAMERA_SEPARATOR = "__";
    private static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

    private final Path dir;
    private final Optional<CalibrationManifest> manifest;
    private final List<CalibrationImage> images;

    private CalibrationSet(Path dir, Optional<CalibrationManifest> manifest, List<CalibrationImage> images) {
        this.dir = dir;
        this.manifest = manifest;
        this.images = List.copyOf(images);
    }

    /**
     * Lists the images under {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory or its manifest is malformed
     */
    public static CalibrationSet scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("image directory " + dir + " does not exist or is not a directory");
        }
        Optional<CalibrationManifest> manifest = CalibrationManifest.readFrom(dir);
        List<CalibrationImage> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(CalibrationSet::isImageName)
                    .sorted(Comparator.comparing(p -> relative(dir, p))).toList()) {
                images.add(describe(dir, file, manifest));
            }
        }
        return new CalibrationSet(dir, manifest, images);
    }

    public Path dir() {
        return dir;
    }

    public Optional<CalibrationManifest> manifest() {
        return manifest;
    }

    public List<CalibrationImage> images() {
        return images;
    }

    /** At most {@code limit} images spread evenly over the sorted list (every folder keeps its share); 0 = all. */
    public List<CalibrationImage> spread(int limit) {
        if (limit <= 0 || limit >= images.size()) {
            return images;
        }
        List<CalibrationImage> chosen = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            chosen.add(images.get((int) ((long) i * images.size() / limit)));
        }
        return chosen;
    }

    /**
     * Decodes an image file to 8-bit BGR; the caller releases the Mat.
     *
     * @throws UnreadableImageException when the file is empty, too large, truncated or not decodable
     */
    public static Mat decode(Path file) throws UnreadableImageException {
        OpenCv.load();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size == 0 || size > MAX_IMAGE_BYTES) {
                throw new UnreadableImageException(size == 0 ? "empty file" : "file too large: " + size + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableImageException("cannot read: " + e.getMessage());
        }
        if (isJpeg(bytes) && !endsWithJpegEnd(bytes)) {
            // libjpeg would decode a cut-off file to a half-grey image with only a warning
            throw new UnreadableImageException("truncated JPEG (no end-of-image marker)");
        }
        MatOfByte buffer = new MatOfByte(bytes);
        Mat image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
        buffer.release();
        if (image.empty()) {
            image.release();
            throw new UnreadableImageException("not a decodable JPEG or PNG (" + bytes.length + " bytes)");
        }
        return image;
    }

    /** Why an image file cannot be used. */
    public static final class UnreadableImageException extends Exception {
        public UnreadableImageException(String reason) {
            super(reason);
        }
    }

    private static CalibrationImage describe(Path dir, Path file, Optional<CalibrationManifest> manifest) {
        String relative = relative(dir, file);
        Optional<CalibrationManifest.Frame> entry = manifest.flatMap(m -> m.frame(relative));
        Optional<String> camera = entry.map(CalibrationManifest.Frame::camera)
                .or(() -> cameraFromName(file.getFileName().toString()));
        return new CalibrationImage(file, relative, entry.map(CalibrationManifest.Frame::box), camera,
                entry.map(CalibrationManifest.Frame::route));
    }

    private static Optional<String> cameraFromName(String name) {
        int sep = name.indexOf(CAMERA_SEPARATOR);
        return sep > 0 ? Optional.of(name.substring(0, sep)) : Optional.empty();
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    private static boolean endsWithJpegEnd(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return end >= 2 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
    }
}
