package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig.CameraConfig;
import io.intakeedge.agent.config.StationConfig.HealthConfig;
import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.presentation.ContinuousSampler;
import io.intakeedge.capture.presentation.PresentationPolicy;
import io.intakeedge.capture.presentation.PresentationTrigger;
import io.intakeedge.capture.source.CsiCameraSource;
import io.intakeedge.capture.source.HotFolderSource;
import io.intakeedge.capture.source.LiveCameraSettings;
import io.intakeedge.capture.source.ReconnectDelay;
import io.intakeedge.capture.source.RtspCameraSource;
import io.intakeedge.capture.source.V4l2CameraSource;
import io.intakeedge.capture.source.VideoFileSource;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.sync.mqtt.Backoff;

import java.time.Duration;

/** Turns the {@code camera:} section of the station config into a frame source and a presentation policy. */
public final class FrameSources {
    /** Live cameras retry from half a second up to 30 s between attempts (the project's one back-off). */
    static final Duration RETRY_MIN = Duration.ofMillis(500);
    static final Duration RETRY_MAX = Duration.ofSeconds(30);
    private static final String FFMPEG = "ffmpeg";
    private static final String GST_LAUNCH = "gst-launch-1.0";

    private FrameSources() {
    }

    /** @param profile the device profile: capture size and rate, and the CSI pipeline template */
    public static FrameSource open(CameraConfig camera, DeviceProfile profile) throws CaptureException {
        return switch (camera.source()) {
            case "synthetic" -> new SyntheticConveyorSource(SceneConfig.standard(camera.seed()), camera.id(),
                    camera.frames() > 0 ? camera.frames() : Long.MAX_VALUE);
            case "synthetic-live" -> new LiveSyntheticSource(camera.seed(), camera.id(), LiveSyntheticSource.FPS);
            case "video" -> new VideoFileSource(camera.path(), camera.id());
            // a hot folder waits for new files until the agent stops: a quiet night is not the end of the input
            case "folder" -> new HotFolderSource(camera.path(), camera.id(),
                    HotFolderSource.Settings.watching(null).withLimits(camera.imageLimits()));
            case "rtsp" -> new RtspCameraSource(camera.id(), FFMPEG, camera.url(), live(camera, profile), retries());
            case "v4l2" -> new V4l2CameraSource(camera.id(), FFMPEG, camera.device(), camera.format(),
                    live(camera, profile), retries());
            case "csi" -> csi(camera, profile);
            default -> throw new IllegalArgumentException("unknown camera source " + camera.source());
        };
    }

    private static FrameSource csi(CameraConfig camera, DeviceProfile profile) {
        LiveCameraSettings settings = live(camera, profile);
        String template = camera.pipeline() != null ? camera.pipeline() : profile.cameraPipelines().csi();
        if (template.isBlank()) {
            throw new IllegalArgumentException("camera.source csi: device profile " + profile.id()
                    + " has no CSI pipeline (camera_pipelines.csi); set camera.pipeline");
        }
        String pipeline = CsiCameraSource.render(template, camera.sensorId(), settings,
                camera.device() == null ? null : camera.device().toString(), camera.url());
        return new CsiCameraSource(camera.id(), GST_LAUNCH, pipeline, settings, retries());
    }

    /** Size and rate from the station config, else the device profile; health limits from camera.health. */
    static LiveCameraSettings live(CameraConfig camera, DeviceProfile profile) {
        HealthConfig h = camera.health();
        int width = camera.width() != null ? camera.width() : profile.captureWidth();
        int height = camera.height() != null ? camera.height() : profile.captureHeight();
        double fps = camera.fps() != null ? camera.fps() : profile.captureFps();
        try {
            return new LiveCameraSettings(width, height, fps, Duration.ofMillis(h.openTimeoutMs()),
                    Duration.ofMillis(h.stallMs()), h.frozenFrames(), Duration.ofMillis(h.frozenMs()),
                    Duration.ofMillis(h.frozenRestartMs()), h.darkLevel(), Duration.ofMillis(h.darkMs()),
                    h.rateTolerance(), Duration.ofMillis(h.rateWindowMs()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camera: " + e.getMessage(), e);
        }
    }

    /** The project's back-off in the shape camera-capture takes it. */
    static ReconnectDelay retries() {
        return retries(RETRY_MIN, RETRY_MAX);
    }

    /** {@link Backoff} from {@code min} to {@code max}, as a {@link ReconnectDelay}. */
    static ReconnectDelay retries(Duration min, Duration max) {
        Backoff backoff = new Backoff(min, max);
        return new ReconnectDelay() {
            @Override
            public long nextMillis() {
                return backoff.nextMillis();
            }

            @Override
            public void reset() {
                backoff.reset();
            }
        };
    }

    /** A hot folder holds single photos, so each one is decided; a camera stream is decided once per parcel. */
    public static PresentationPolicy presentation(CameraConfig camera) {
        if (camera.source().equals("folder")) {
            return new ContinuousSampler(1);
        }
        return camera.mode().equals("continuous") ? new ContinuousSampler(camera.every())
                : new PresentationTrigger(camera.trigger().settings());
    }
}
