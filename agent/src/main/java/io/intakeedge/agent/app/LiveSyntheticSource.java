package io.intakeedge.agent.app;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic conveyor scene as a live camera ({@code camera.source: synthetic-live}): paced at a camera's frame
 * rate instead of as fast as the CPU renders, and endless — when one scene's parcels are used up the next scene
 * (seed + 1, + 2, ...) follows. This is what {@code ./intake-edge demo} shows until Ctrl-C; a flat-out endless scene
 * would fill the disk with evidence and take every core.
 */
public final class LiveSyntheticSource implements FrameSource {
    /** A conveyor camera's rate: with the standard scene about one parcel a second. */
    public static final int FPS = 25;

    private final long seed;
    private final String cameraId;
    private final long frameNanos;
    private SyntheticConveyorSource scene;
    private long round;
    private long nextDue = System.nanoTime();

    public LiveSyntheticSource(long seed, String cameraId, int fps) {
        if (fps < 1 || fps > 1000) {
            throw new IllegalArgumentException("fps must be in [1, 1000], got " + fps);
        }
        this.seed = seed;
        this.cameraId = cameraId;
        this.frameNanos = 1_000_000_000L / fps;
        this.scene = open(seed);
    }

    private SyntheticConveyorSource open(long sceneSeed) {
        var config = SceneConfig.standard(sceneSeed);
        return new SyntheticConveyorSource(config, cameraId, config.totalFrames());
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public Optional<Frame> next() {
        pace();
        Optional<Frame> frame = scene.next();
        if (frame.isEmpty()) {
            scene.close();
            scene = open(seed + ++round);
            frame = scene.next();
        }
        return frame;
    }

    /** Sleeps until the next frame is due; a slow consumer is not made up for with a burst. */
    private void pace() {
        long wait = nextDue - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        nextDue = Math.max(System.nanoTime(), nextDue) + frameNanos;
    }

    @Override
    public void close() {
        scene.close();
    }
}
