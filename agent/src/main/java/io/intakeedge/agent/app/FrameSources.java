package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig.CameraConfig;
import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.presentation.ContinuousSampler;
import io.intakeedge.capture.presentation.PresentationPolicy;
import io.intakeedge.capture.presentation.PresentationTrigger;
import io.intakeedge.capture.source.HotFolderSource;
import io.intakeedge.capture.source.VideoFileSource;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;

/** Turns the {@code camera:} section of the station config into a frame source and a presentation policy. */
public final class FrameSources {
    private FrameSources() {
    }

    public static FrameSource open(CameraConfig camera) throws CaptureException {
        return switch (camera.source()) {
            case "synthetic" -> new SyntheticConveyorSource(SceneConfig.standard(camera.seed()), camera.id(),
                    camera.frames() > 0 ? camera.frames() : Long.MAX_VALUE);
            case "synthetic-live" -> new LiveSyntheticSource(camera.seed(), camera.id(), LiveSyntheticSource.FPS);
            case "video" -> new VideoFileSource(camera.path(), camera.id());
            // a hot folder waits for new files until the agent stops: a quiet night is not the end of the input
            case "folder" -> new HotFolderSource(camera.path(), camera.id(),
                    HotFolderSource.Settings.watching(null).withLimits(camera.imageLimits()));
            default -> throw new IllegalArgumentException("unknown camera source " + camera.source());
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
