package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Frames of a video file through OpenCV's {@code VideoCapture}. The bundled OpenCV has no FFmpeg: MJPEG AVI files
 * (as written by {@link MjpegAviWriter}) are read by OpenCV's built-in backend; other containers only where another
 * backend can open them. Capture times are the source's opening time plus each frame's position in the video.
 */
public final class VideoFileSource implements FrameSource {
    private final Path file;
    private final String cameraId;
    private final VideoCapture capture;
    private final Instant openedAt = Instant.now();
    private final double fps;
    /** The first frame, read at opening to prove the file decodes; handed out by the first {@link #next}. */
    private Mat first;
    private long index;

    /** Opens {@code file}; a missing, unreadable or undecodable file is a {@link CaptureException} naming it. */
    public VideoFileSource(Path file, String cameraId) throws CaptureException {
        OpenCv.load();
        this.file = file.toAbsolutePath();
        this.cameraId = cameraId;
        if (!Files.exists(this.file)) {
            throw new CaptureException("cannot open video " + this.file + ": file does not exist");
        }
        if (!Files.isRegularFile(this.file) || !Files.isReadable(this.file)) {
            throw new CaptureException("cannot open video " + this.file + ": not a readable regular file");
        }
        this.capture = open(this.file);
        double reportedFps = capture.get(Videoio.CAP_PROP_FPS);
        this.fps = reportedFps > 0 && Double.isFinite(reportedFps) ? reportedFps : 30.0;
        // a container OpenCV can open may still hold frames it cannot decode (XviD without FFmpeg): fail here, at
        // start-up, not after the agent opened its database
        this.first = readFrame();
        if (first == null) {
            capture.release();
            throw new CaptureException("cannot decode video " + this.file + ": not even its first frame could be "
                    + "read (this build reads MJPEG AVI without FFmpeg; the file may be corrupt or another codec)");
        }
    }

    private static VideoCapture open(Path file) throws CaptureException {
        // CAP_ANY: OpenCV's MJPEG backend writes by name but does not open files by name; CAP_ANY finds the AVI reader
        VideoCapture capture = new VideoCapture(file.toString(), Videoio.CAP_ANY);
        if (capture.isOpened()) {
            return capture;
        }
        capture.release();
        throw new CaptureException("cannot open video " + file + ": no OpenCV backend can decode it (this build "
                + "reads MJPEG AVI without FFmpeg; the file may be corrupt or another codec)");
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    /** Frames per second the file declares (30 when it declares none). */
    public double fps() {
        return fps;
    }

    @Override
    public Optional<Frame> next() throws CaptureException {
        Mat image = first != null ? first : readFrame();
        first = null;
        if (image == null) {
            return Optional.empty();
        }
        Mat bgr = toBgr(image);
        long i = index++;
        Instant at = openedAt.plus(Duration.ofNanos((long) (i * 1_000_000_000L / fps)));
        return Optional.of(new Frame(cameraId, i, at, bgr, "video:" + file + ":frame=" + i));
    }

    /** The next decoded frame, or null at the end of the video. */
    private Mat readFrame() throws CaptureException {
        Mat image = new Mat();
        boolean read;
        try {
            read = capture.read(image);
        } catch (RuntimeException e) {
            image.release();
            throw new CaptureException("reading frame " + index + " of video " + file + " failed: " + e.getMessage(),
                    e);
        }
        if (!read || image.empty()) {
            image.release();
            return null;
        }
        return image;
    }

    private Mat toBgr(Mat image) throws CaptureException {
        if (image.type() == CvType.CV_8UC3) {
            return image;
        }
        Mat bgr = new Mat();
        if (image.type() == CvType.CV_8UC1) {
            Imgproc.cvtColor(image, bgr, Imgproc.COLOR_GRAY2BGR);
        } else if (image.type() == CvType.CV_8UC4) {
            Imgproc.cvtColor(image, bgr, Imgproc.COLOR_BGRA2BGR);
        } else {
            String type = CvType.typeToString(image.type());
            image.release();
            throw new CaptureException("video " + file + " frame " + index + " has unsupported pixel type " + type);
        }
        image.release();
        return bgr;
    }

    @Override
    public void close() {
        if (first != null) {
            first.release();
            first = null;
        }
        capture.release();
    }
}
