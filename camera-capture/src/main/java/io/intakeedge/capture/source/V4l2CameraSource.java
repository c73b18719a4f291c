package io.intakeedge.capture.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A USB (UVC) camera through V4L2 ({@code /dev/videoN}), read by an {@code ffmpeg -f v4l2} child process that
 * scales to the configured size and writes BGR24 frames to its stdout. The camera is asked for the configured size,
 * rate and input format ({@code mjpeg} for most USB cameras at 720p and above, {@code yuyv422} for raw).
 *
 * <p>Where no camera exists (CI, a developer machine), a regular file in the device's place stands in for it: a
 * video is played in a loop at its own rate, a still image repeated at the configured rate (a stand-in for tests:
 * a warning says so).
 */
public final class V4l2CameraSource extends ChildProcessCameraSource {
    private static final Logger log = LoggerFactory.getLogger(V4l2CameraSource.class);

    private final String ffmpeg;
    private final Path device;
    private final String inputFormat;

    /**
     * @param ffmpeg      the ffmpeg binary ({@code ffmpeg} on the PATH)
     * @param device      {@code /dev/videoN}, or a regular file standing in for it
     * @param inputFormat V4L2 input format asked of the camera ({@code mjpeg}, {@code yuyv422}); null: its default
     */
    public V4l2CameraSource(String cameraId, String ffmpeg, Path device, String inputFormat,
                            LiveCameraSettings settings, ReconnectDelay delays) {
        super(cameraId, settings, delays);
        this.ffmpeg = ffmpeg;
        this.device = device;
        this.inputFormat = inputFormat;
        if (Files.isRegularFile(device)) {
            log.warn("camera {}: {} is a regular file, not a V4L2 device: playing it in a loop as a stand-in",
                    cameraId, device);
        }
    }

    @Override
    protected List<String> command() {
        LiveCameraSettings s = settings();
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error"));
        if (Files.isRegularFile(device)) {
            cmd.addAll(standIn(device, s));
        } else {
            cmd.addAll(List.of("-f", "v4l2", "-video_size", s.width() + "x" + s.height(), "-framerate",
                    fps(s.fps())));
            if (inputFormat != null && !inputFormat.isBlank()) {
                cmd.addAll(List.of("-input_format", inputFormat));
            }
            cmd.addAll(List.of("-i", device.toString()));
        }
        cmd.addAll(rawBgrOutput(s));
        return cmd;
    }

    private static List<String> standIn(Path file, LiveCameraSettings s) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return List.of("-re", "-loop", "1", "-framerate", fps(s.fps()), "-i", file.toString());
        }
        return List.of("-re", "-stream_loop", "-1", "-i", file.toString());
    }

    /**
     * The output every ffmpeg-based camera shares: video only, frames passed through as they come (never duplicated
     * to a constant rate, which would fake byte-identical frames and hide a low rate), scaled to the configured size,
     * BGR24 to stdout.
     */
    static List<String> rawBgrOutput(LiveCameraSettings s) {
        return List.of("-an", "-vsync", "passthrough", "-s", s.width() + "x" + s.height(), "-pix_fmt", "bgr24",
                "-f", "rawvideo", "pipe:1");
    }

    static String fps(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

    @Override
    protected String describe() {
        return "v4l2:" + device;
    }
}
