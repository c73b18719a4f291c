package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes BGR frames to an MJPEG AVI with OpenCV's built-in writer (no FFmpeg needed), the format
 * {@link VideoFileSource} reads back. Used to record the synthetic scene for tests and demos.
 */
public final class MjpegAviWriter implements AutoCloseable {
    private final Path file;
    private final Size size;
    private final VideoWriter writer;
    private long written;

    public MjpegAviWriter(Path file, int width, int height, double fps) throws CaptureException {
        OpenCv.load();
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("video size and fps must be positive: " + width + "x" + height
                    + " @ " + fps);
        }
        this.file = file.toAbsolutePath();
        this.size = new Size(width, height);
        this.writer = new VideoWriter(this.file.toString(), Videoio.CAP_OPENCV_MJPEG,
                VideoWriter.fourcc('M', 'J', 'P', 'G'), fps, size, true);
        if (!writer.isOpened()) {
            writer.release();
            throw new CaptureException("cannot write video " + this.file
                    + ": OpenCV's MJPEG writer could not open it (missing folder or no write permission?)");
        }
    }

    /** Appends one BGR 8-bit frame of the writer's size. */
    public void write(Mat bgr) {
        if (bgr.type() != CvType.CV_8UC3 || bgr.cols() != (int) size.width || bgr.rows() != (int) size.height) {
            throw new IllegalArgumentException("frame must be CV_8UC3 " + (int) size.width + "x" + (int) size.height
                    + ", got " + CvType.typeToString(bgr.type()) + " " + bgr.cols() + "x" + bgr.rows());
        }
        writer.write(bgr);
        written++;
    }

    public long framesWritten() {
        return written;
    }

    /** Records up to {@code maxFrames} frames of {@code source} into {@code file}; returns how many were written. */
    public static long record(FrameSource source, Path file, double fps, long maxFrames) throws CaptureException {
        MjpegAviWriter writer = null;
        try {
            Optional<Frame> next;
            long count = 0;
            while (count++ < maxFrames && (next = source.next()).isPresent()) {
                try (Frame f = next.get()) {
                    if (writer == null) {
                        writer = new MjpegAviWriter(file, f.width(), f.height(), fps);
                    }
                    writer.write(f.image());
                }
            }
            return writer == null ? 0 : writer.framesWritten();
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    @Override
    public void close() {
        writer.release();
    }

    @Override
    public String toString() {
        return "MjpegAviWriter[" + file + ", " + written + " frames]";
    }
}
